package dev.ioloop.jetty;

import dev.ioloop.api.server.ServerConfig;
import dev.ioloop.http.codec.HttpStatus;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.internal.HttpConnection;

/**
 * Jetty's HTTP/1.1 connections with the rules of the contract that only the parsing of a request head can apply:
 * <ul>
 *   <li>The header timeout, where Jetty has one idle timeout per connection: once a request's first byte is in, the
 *       idle timeout becomes what is left until {@code headerTimeout} after it (shrunk after every read, so
 *       trickling bytes buy no time), and expiring then answers 408; once the head is complete it is
 *       {@code idleTimeout} again.
 *   <li>The codec's request line ({@link JettyRequestLine}, Jetty's parser here): its answers to versions (505 for
 *       another major, HTTP/1.2 served as 1.1, 400 for a malformed one), to CONNECT (501) and to request-target forms,
 *       where Jetty answers otherwise.
 *   <li>The codec's refusals of a field that Jetty takes otherwise, and the one field Jetty must not see:
 *       {@link HeadRules}.
 * </ul>
 * The 408 goes the way Jetty answers a malformed request, and so do the refusals: through the error handler, then a
 * close. The rest of the contract Jetty has no setting for is on its public API: {@link ConnectionLimitFactory},
 * {@link GracefulConnector}.
 */
final class JettyConnectionFactory extends HttpConnectionFactory {
  /** How much earlier than the header deadline Jetty's idle timer may fire and still mean it. */
  private static final Duration EARLY_EXPIRY = Duration.ofMillis(100);
  private final ServerConfig config;

  JettyConnectionFactory(HttpConfiguration http, ServerConfig config) {
    super(http);
    this.config = config;
  }

  @Override
  public Connection newConnection(Connector connector, EndPoint endPoint) {
    var connection = new LabConnection(getHttpConfiguration(), connector, endPoint);
    connection.setTransferEncodingChunkMaxLength(getTransferEncodingChunkMaxLength());
    return configure(connection, connector, endPoint);
  }

  // Internal HttpConnection for the header timeout and HeadRules: no public API in Jetty 12.1 sees a head being parsed.
  private final class LabConnection extends HttpConnection {
    /** System.nanoTime() by which the head being read must be complete; 0 while no head is being read. */
    private volatile long headDeadline;
    private RequestHandler requestHandler;
    /** The version of the request whose head is being read. */
    private HttpVersion requestVersion;

    LabConnection(HttpConfiguration http, Connector connector, EndPoint endPoint) {
      super(http, connector, endPoint);
    }

    @Override
    protected HttpParser newHttpParser(HttpCompliance compliance) {
      HttpParser parser = new JettyRequestLine(requestHandler, getHttpConfiguration().getRequestHeaderSize(),
          compliance, this::headBegins); // requestHandler: newRequestHandler() runs first, in the same constructor
      parser.setHeaderCacheSize(getHttpConfiguration().getHeaderCacheSize());
      parser.setHeaderCacheCaseSensitive(getHttpConfiguration().isHeaderCacheCaseSensitive());
      return parser;
    }

    @Override
    protected RequestHandler newRequestHandler() {
      requestHandler = new RequestHandler() {
        @Override
        public void startRequest(String method, String uri, HttpVersion version) {
          ((JettyRequestLine) getParser()).checkRecordedLine();
          requestVersion = version;
          super.startRequest(method, uri, version);
        }

        @Override
        public void parsedHeader(HttpField field) {
          if (HeadRules.ignored(field, requestVersion)) {
            return;
          }
          HeadRules.checkField(field, requestVersion);
          super.parsedHeader(field);
        }

        @Override
        public boolean headerComplete() {
          headDeadline = 0;
          getEndPoint().setIdleTimeout(config.idleTimeout().toMillis());
          return super.headerComplete();
        }
      };
      return requestHandler;
    }

    /**
     * The header deadline starts with a head's first byte, not with Jetty's {@code messageBegin}, which also comes
     * with no byte once a request with a body is done: an idle keep-alive connection then got 408 after the header
     * timeout instead of a quiet close after the idle timeout. Armed once per head, so that blank lines before a
     * request line buy no time.
     */
    private void headBegins() {
      if (headDeadline == 0) {
        headDeadline = System.nanoTime() + config.headerTimeout().toNanos();
        getEndPoint().setIdleTimeout(config.headerTimeout().toMillis());
      }
    }

    @Override
    public void onFillable() {
      super.onFillable();
      long deadline = headDeadline;
      if (deadline != 0) {
        getEndPoint().setIdleTimeout(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      }
    }

    @Override
    public boolean onIdleExpired(TimeoutException timeout) {
      long deadline = headDeadline;
      // Only a head that is really late gets 408: Jetty also expires connections when it stops (graceful shutdown),
      // and a 408 then would follow a complete answer on a connection that sent nothing more. Jetty's timer counts
      // from its own last read and in whole milliseconds, so it may fire a moment before the deadline.
      if (deadline == 0 || deadline - System.nanoTime() > EARLY_EXPIRY.toNanos()) {
        return super.onIdleExpired(timeout);
      }
      // Answered as Jetty answers a malformed head: through the error handler, then a close.
      requestHandler.badMessage(new HttpException.RuntimeException(HttpStatus.REQUEST_TIMEOUT,
          config.headersTooSlowReason()));
      return false;
    }
  }
}
