package dev.ioloop.jetty;

import dev.ioloop.api.server.ServerConfig;
import dev.ioloop.api.server.ServerCounters;
import dev.ioloop.http.codec.HttpResponse;
import dev.ioloop.http.codec.HttpResponseEncoder;
import dev.ioloop.http.codec.HttpStatus;
import dev.ioloop.http.codec.HttpVersion;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's HTTP/1.1 connections with the rules of the contract Jetty has no setting for:
 * <ul>
 *   <li>The connection limit: a connection beyond {@code maxConnections} is answered 503 straight on the socket as
 *       soon as it opens, never served, and closed at once. (Jetty's own {@code ConnectionLimit} stops
 *       accepting instead, which leaves clients waiting in the backlog.)
 *   <li>The header timeout, where Jetty has one idle timeout per connection: once a request's first byte is in, the
 *       idle timeout becomes what is left until {@code headerTimeout} after it (shrunk after every read, so
 *       trickling bytes buy no time), and expiring then answers 408; once the head is complete it is
 *       {@code idleTimeout} again.
 *   <li>The codec's answers to a version other than HTTP/1.0 and 1.1 (400; Jetty answers {@code HTTP/2.0} with 426)
 *       and to a transfer coding other than chunked (501; Jetty answers 400, or passes {@code gzip, chunked} on).
 *   <li>Transfer-Encoding in an HTTP/1.0 request: 400, as the codec answers (Jetty ignores it and answers 200).
 *   <li>A graceful stop finishes every request in flight within its grace: Jetty's own stop shrinks the idle timeout
 *       of every connection to one second and fails a request whose connection expires, which cut answers
 *       (docs/reliability.md); here only connections without a request in flight expire during a stop.
 * </ul>
 * The 408, 400 and 501 go the way Jetty answers a malformed request: through the error handler, then a close. It also
 * counts the open connections for the stats. Jetty's connection class is
 * {@code org.eclipse.jetty.server.internal.HttpConnection}; this extends it through its protected hooks.
 */
final class JettyConnectionFactory extends HttpConnectionFactory {
  /** How much earlier than the header deadline Jetty's idle timer may fire and still mean it. */
  private static final Duration EARLY_EXPIRY = Duration.ofMillis(100);
  private final ServerConfig config;
  private final ServerCounters counters;

  JettyConnectionFactory(HttpConfiguration http, ServerConfig config, ServerCounters counters) {
    super(http);
    this.config = config;
    this.counters = counters;
  }

  @Override
  public Connection newConnection(Connector connector, EndPoint endPoint) {
    var connection = new LabConnection(getHttpConfiguration(), connector, endPoint);
    connection.setTransferEncodingChunkMaxLength(getTransferEncodingChunkMaxLength());
    return configure(connection, connector, endPoint);
  }

  private final class LabConnection extends HttpConnection {
    /** System.nanoTime() by which the head being read must be complete; 0 while no head is being read. */
    private volatile long headDeadline;
    private RequestHandler requestHandler;
    private boolean refused;
    /** The version of the request whose head is being read. */
    private org.eclipse.jetty.http.HttpVersion requestVersion;

    LabConnection(HttpConfiguration http, Connector connector, EndPoint endPoint) {
      super(http, connector, endPoint);
    }

    @Override
    protected RequestHandler newRequestHandler() {
      requestHandler = new RequestHandler() {
        @Override
        public void messageBegin() {
          headDeadline = System.nanoTime() + config.headerTimeout().toNanos();
          getEndPoint().setIdleTimeout(config.headerTimeout().toMillis());
          super.messageBegin();
        }

        @Override
        public void startRequest(String method, String uri, org.eclipse.jetty.http.HttpVersion version) {
          if (version != org.eclipse.jetty.http.HttpVersion.HTTP_1_0
              && version != org.eclipse.jetty.http.HttpVersion.HTTP_1_1) {
            throw new HttpException.RuntimeException(HttpStatus.BAD_REQUEST,
                "unsupported HTTP version (HTTP/1.0 and HTTP/1.1 are spoken)");
          }
          requestVersion = version;
          super.startRequest(method, uri, version);
        }

        @Override
        public void parsedHeader(HttpField field) {
          if (field.getHeader() == HttpHeader.TRANSFER_ENCODING
              && requestVersion == org.eclipse.jetty.http.HttpVersion.HTTP_1_0) {
            // Jetty reads such a body as if it had no framing; the codec refuses it (RFC 9112 §6.1: an HTTP/1.0
            // recipient cannot know chunked, so the framing is in doubt: a smuggling vector).
            throw new HttpException.RuntimeException(HttpStatus.BAD_REQUEST,
                "Transfer-Encoding in an HTTP/1.0 message");
          }
          if (field.getHeader() == HttpHeader.TRANSFER_ENCODING
              && !field.getValueList().stream().allMatch(HttpHeaderValue.CHUNKED::is)) {
            throw new HttpException.RuntimeException(HttpStatus.NOT_IMPLEMENTED,
                "unsupported transfer coding (only chunked is understood)");
          }
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

    @Override
    public void onOpen() {
      counters.connectionOpened();
      if (counters.openConnections() > config.maxConnections()) {
        counters.connectionClosed(); // a refused connection is not served, and so not counted
        refused = true;
        refuseOverLimit(); // and never read from: none of its requests runs
      } else {
        super.onOpen();
      }
    }

    @Override
    public void onClose(Throwable cause) {
      if (!refused) {
        counters.connectionClosed();
      }
      super.onClose(cause);
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
      if (getConnector().isShutdown() && getHttpChannel().getRequest() != null) {
        // A graceful stop shrinks every connection's idle timeout to the connector's shutdown idle timeout (1 s), so
        // that idle keep-alive connections close; Jetty takes its expiry on a connection whose request is being
        // answered for a failure of that request, which cuts the answer if it lands on its write. Such a connection
        // is given the stop's grace instead: Server.stop closes whatever is still open once the grace is over.
        return false;
      }
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

    /**
     * Writes 503 straight to the socket and closes at once, as the reactor and the loom server refuse: a refusal
     * holds nothing once written (no lingering close, which let a flood of refused clients hold a socket each for
     * 2 s). What the client already sent is read first, since unread input makes the close a reset.
     */
    private void refuseOverLimit() {
      HttpResponse busy = HttpResponse.error(HttpStatus.SERVICE_UNAVAILABLE,
          config.overConnectionLimitReason());
      EndPoint endPoint = getEndPoint();
      Runnable dropInputThenClose = () -> {
        try {
          ByteBuffer discard = ByteBuffer.allocate(4096);
          while (endPoint.fill(discard.clear()) > 0) {
            // dropped: it is not going to be answered
          }
        } catch (IOException alreadyGone) {
          // closed below either way
        }
        endPoint.shutdownOutput();
        endPoint.close();
      };
      endPoint.write(Callback.from(dropInputThenClose, failure -> endPoint.close()),
          HttpResponseEncoder.encode(busy, HttpVersion.HTTP_1_1, false));
    }
  }
}
