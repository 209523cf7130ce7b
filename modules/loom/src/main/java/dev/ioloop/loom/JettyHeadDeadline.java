package dev.ioloop.loom;

import dev.ioloop.http.HttpStatus;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.internal.HttpConnection;

/**
 * DESIGN.md's header timeout on Jetty, which has only one idle timeout per connection: once a request's first byte
 * is in, the connection's idle timeout becomes what is left until {@code headerTimeout} after it (shrunk on every
 * read, so trickling bytes buy no time), and expiring then answers 408 and closes, as the other engines do; when the
 * head is complete, the idle timeout is back to {@code idleTimeout}.
 *
 * <p>Jetty's HTTP/1.1 connection is {@code org.eclipse.jetty.server.internal.HttpConnection}; this extends it
 * through its protected hooks, since Jetty has no public setting for this.
 */
final class JettyHeadDeadline extends HttpConnectionFactory {
  private final Duration headerTimeout;
  private final Duration idleTimeout;

  JettyHeadDeadline(HttpConfiguration http, Duration headerTimeout, Duration idleTimeout) {
    super(http);
    this.headerTimeout = headerTimeout;
    this.idleTimeout = idleTimeout;
  }

  @Override
  public Connection newConnection(Connector connector, EndPoint endPoint) {
    var connection = new DeadlineConnection(getHttpConfiguration(), connector, endPoint);
    connection.setTransferEncodingChunkMaxLength(getTransferEncodingChunkMaxLength());
    return configure(connection, connector, endPoint);
  }

  private final class DeadlineConnection extends HttpConnection {
    /** System.nanoTime() by which the head must be complete; 0 while no head is being read. */
    private volatile long headDeadline;
    private RequestHandler requestHandler;

    DeadlineConnection(HttpConfiguration http, Connector connector, EndPoint endPoint) {
      super(http, connector, endPoint);
    }

    @Override
    protected RequestHandler newRequestHandler() {
      return requestHandler = new RequestHandler() {
        @Override
        public void messageBegin() {
          headDeadline = System.nanoTime() + headerTimeout.toNanos();
          getEndPoint().setIdleTimeout(headerTimeout.toMillis());
          super.messageBegin();
        }

        @Override
        public boolean headerComplete() {
          headDeadline = 0;
          getEndPoint().setIdleTimeout(idleTimeout.toMillis());
          return super.headerComplete();
        }
      };
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
      if (headDeadline == 0) {
        return super.onIdleExpired(timeout);
      }
      // Answered as Jetty answers a malformed head: through the error handler, then a close.
      requestHandler.badMessage(new BadMessageException(HttpStatus.REQUEST_TIMEOUT,
          "request headers not complete within " + headerTimeout.toMillis() + " ms"));
      return false;
    }
  }
}
