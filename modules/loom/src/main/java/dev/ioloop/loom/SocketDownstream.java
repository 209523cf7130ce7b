package dev.ioloop.loom;

import dev.ioloop.api.server.ServerConfig;
import dev.ioloop.http.BlockingHttpClient;
import dev.ioloop.http.DownstreamException;
import dev.ioloop.http.HttpResponse;
import dev.ioloop.http.ReceivedResponse;
import dev.ioloop.http.Route;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;

/**
 * The loom server's way downstream: the codec's {@link BlockingHttpClient} on the calling virtual thread, and for
 * an asynchronous call the same blocking call on a virtual thread of its own.
 */
final class SocketDownstream implements Downstream {
  private final URI downstream;
  private final BlockingHttpClient client;
  private final ExecutorService calls;

  /** @param callThreads the virtual threads that run the asynchronous calls, one each */
  SocketDownstream(ServerConfig config, ThreadFactory callThreads) {
    this.downstream = config.downstream();
    this.client = new BlockingHttpClient(config.downstreamTimeout(), config.downstreamTimeout());
    this.calls = Executors.newThreadPerTaskExecutor(callThreads);
  }

  @Override
  public HttpResponse fetch(String target) throws DownstreamException {
    ReceivedResponse answer = client.get(downstream.resolve(target));
    return Route.relay(answer.status(), answer.body());
  }

  @Override
  public Future<HttpResponse> fetchAsync(String target) {
    return calls.submit(() -> fetch(target)); // cancel(true) interrupts the call's thread, which closes its socket
  }

  @Override
  public void close() {
    calls.shutdownNow();
    calls.close();
  }
}
