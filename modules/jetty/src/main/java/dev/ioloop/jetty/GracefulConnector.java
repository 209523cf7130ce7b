package dev.ioloop.jetty;

import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A connector whose graceful stop finishes every request in flight within the stop's grace. Jetty's stop
 * ({@code AbstractConnector.shutdown()}) shrinks the idle timeout of every connection to the shutdown idle timeout
 * (1 s), so that idle keep-alive connections close, and fails a request whose connection then expires, which cut
 * answers (docs/reliability.md). Here a connection answering a request has no idle timeout during a stop
 * ({@code Server.stop} closes whatever is still open once the grace is over), and the shrunk one once its answer is
 * done; {@link #tracking} tells which connections are answering. Its end points are {@link RefusableEndPoint}s: a
 * full request pool (the platform engine's) refuses a request with 503 instead of closing its connection unanswered.
 */
final class GracefulConnector extends ServerConnector {
  /** The connections answering a request now: HTTP/1.1 answers one request at a time on each. */
  private final ConcurrentHashMap<EndPoint, Boolean> answering = new ConcurrentHashMap<>();

  GracefulConnector(Server server, int acceptors, int selectors, ConnectionFactory... factories) {
    super(server, acceptors, selectors, factories);
  }

  /** {@code handler}, run so that this connector knows which connections are answering a request. */
  Handler tracking(Handler handler) {
    return new Handler.Wrapper(handler) {
      @Override
      public boolean handle(Request request, Response response, Callback callback) throws Exception {
        EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        begun(endPoint);
        boolean handled = false;
        try {
          // Ended before Jetty completes the exchange, so before the connection's next request can begin.
          handled = super.handle(request, response, Callback.from(() -> ended(endPoint), callback));
          return handled;
        } finally {
          if (!handled) {
            ended(endPoint); // Jetty answers it, with the callback it holds
          }
        }
      }
    };
  }

  /** Jetty's own end point (as {@link ServerConnector#newEndPoint} makes it), its request reads refusable. */
  @Override
  protected SocketChannelEndPoint newEndPoint(SocketChannel channel, ManagedSelector selector, SelectionKey key) {
    SocketChannelEndPoint endPoint = new RefusableEndPoint(channel, selector, key, getScheduler());
    endPoint.setIdleTimeout(getIdleTimeout());
    return endPoint;
  }

  @Override
  public CompletableFuture<Void> shutdown() {
    CompletableFuture<Void> done = super.shutdown(); // isShutdown() from here on; every idle timeout shrunk
    answering.keySet().forEach(endPoint -> answering.computeIfPresent(endPoint, GracefulConnector::spare));
    return done;
  }

  // Each change is atomic with the map's entry, so that a stop and an answer that ends at once leave the right one.
  private void begun(EndPoint endPoint) {
    answering.compute(endPoint, (answeringEndPoint, none) ->
        isShutdown() ? spare(answeringEndPoint, Boolean.TRUE) : Boolean.TRUE);
  }

  private void ended(EndPoint endPoint) {
    answering.compute(endPoint, (answeredEndPoint, present) -> {
      if (isShutdown() && getShutdownIdleTimeout() >= 0) {
        answeredEndPoint.setIdleTimeout(getShutdownIdleTimeout());
      }
      return null;
    });
  }

  private static Boolean spare(EndPoint endPoint, Boolean entry) {
    endPoint.setIdleTimeout(0); // no idle timeout at all
    return entry;
  }
}
