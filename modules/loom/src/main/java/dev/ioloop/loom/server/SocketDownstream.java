package dev.ioloop.loom.server;

import dev.ioloop.loom.endpoints.Downstream;
import dev.ioloop.api.server.ServerConfig;
import dev.ioloop.http.client.DownstreamException;
import dev.ioloop.http.codec.HttpResponse;
import dev.ioloop.http.client.PooledHttpClient;
import dev.ioloop.http.codec.ReceivedResponse;
import dev.ioloop.http.route.Route;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The loom server's way downstream: the codec's {@link PooledHttpClient} on the calling virtual thread, and for an
 * asynchronous call the same blocking call on a virtual thread of its own. Pooled keep-alive connections, as the
 * reactor's asynchronous client keeps: a connection per call cost a connect, an accept and two closes per request
 * (docs/performance.md).
 */
final class SocketDownstream implements Downstream {
  /** A stop waits this long at most for interrupted calls (ExecutorService.close() would wait without end). */
  private static final Duration CALLS_END_PATIENCE = Duration.ofSeconds(1);

  private final URI downstream;
  private final PooledHttpClient client;
  private final ExecutorService calls;

  /**
   * @param callThreads    the virtual threads that run the asynchronous calls, one each
   * @param sweeperThreads the one that closes connections left idle too long
   */
  SocketDownstream(ServerConfig config, ThreadFactory callThreads, ThreadFactory sweeperThreads) {
    this.downstream = config.downstream();
    this.client = new PooledHttpClient(config.downstreamTimeout(), config.downstreamTimeout(), Route.BLOCK2_ANSWER_LIMITS,
        config.maxDownstreamConnections(), config.maxDownstreamWaiting(), PooledHttpClient.DEFAULT_MAX_IDLE_PER_HOST,
        PooledHttpClient.DEFAULT_MAX_IDLE_TIME, sweeperThreads);
    this.calls = Executors.newThreadPerTaskExecutor(callThreads);
  }

  @Override
  public HttpResponse fetch(String target) throws DownstreamException {
    ReceivedResponse answer = client.get(downstream.resolve(target));
    return Route.relay(answer.status(), answer.body());
  }

  @Override
  public Future<HttpResponse> fetchAsync(String target) {
    // cancel(true) interrupts the call's thread, which closes its socket: the connection is not pooled again
    return calls.submit(() -> fetch(target));
  }

  @Override
  public void close() {
    calls.shutdownNow(); // interrupts the calls: a virtual thread's socket closes, and the call ends at once
    try {
      if (!calls.awaitTermination(CALLS_END_PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
        System.getLogger(SocketDownstream.class.getName()).log(System.Logger.Level.WARNING,
            "downstream calls did not end within {0} of being interrupted", CALLS_END_PATIENCE);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    client.close(); // after the calls: the connections they gave back are idle, and closed here
  }
}
