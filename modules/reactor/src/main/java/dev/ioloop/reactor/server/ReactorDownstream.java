package dev.ioloop.reactor.server;

import dev.ioloop.http.client.BlockingHttpClient;
import dev.ioloop.http.client.DownstreamException;
import dev.ioloop.http.codec.HttpResponse;
import dev.ioloop.http.codec.ReceivedResponse;
import dev.ioloop.http.route.Route;
import dev.ioloop.reactor.client.AsyncHttpClient;
import java.net.URI;
import java.util.concurrent.CompletionStage;

/**
 * How the reactor's endpoints reach block2 downstream, in the same shape as the loom model's {@code Downstream}: the
 * answer is block2's, relayed as {@link Route#relay} says, and a call that gets none fails with a
 * {@link DownstreamException} (502 or 504). {@link #fetch} is a blocking socket call, a connection per call, on the
 * calling thread: on the reactor that is the loop thread, the anti-pattern {@code /api/block} shows.
 * {@link #fetchAsync} is the loop's own asynchronous client, keep-alive connections pooled per loop.
 */
final class ReactorDownstream {
  private final URI downstream;
  private final BlockingHttpClient blockingClient;
  private final AsyncHttpClient client;

  ReactorDownstream(URI downstream, BlockingHttpClient blockingClient, AsyncHttpClient client) {
    this.downstream = downstream;
    this.blockingClient = blockingClient;
    this.client = client;
  }

  /** GETs {@code target} (path and query) downstream and waits for the answer on the calling thread. */
  HttpResponse fetch(String target) throws DownstreamException {
    return relay(blockingClient.get(downstream.resolve(target)));
  }

  /** The same call, started on the loop; the stage completes on the loop with the answer or the failure. */
  CompletionStage<HttpResponse> fetchAsync(String target) {
    return client.get(downstream.resolve(target)).thenApply(ReactorDownstream::relay);
  }

  private static HttpResponse relay(ReceivedResponse answer) {
    return Route.relay(answer.status(), answer.body());
  }
}
