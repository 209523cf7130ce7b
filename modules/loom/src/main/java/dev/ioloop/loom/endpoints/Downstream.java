package dev.ioloop.loom.endpoints;

import dev.ioloop.http.client.DownstreamException;
import dev.ioloop.http.codec.HttpResponse;
import java.util.concurrent.Future;

/**
 * How the loom-model endpoints reach block2 downstream: the codec's blocking client for the hand-written loom server
 * (the loom server's {@code SocketDownstream}), jetty-client for the jetty engine (its {@code JettyDownstream}). Either way the answer is
 * block2's, relayed as {@link dev.ioloop.http.route.Route#relay} says, and a call that gets none fails with a
 * {@link DownstreamException} (502 or 504).
 */
public interface Downstream extends AutoCloseable {
  /** GETs {@code target} (path and query) downstream and waits for the answer on the calling thread. */
  HttpResponse fetch(String target) throws DownstreamException, InterruptedException;

  /**
   * The same call, started asynchronously; cancelling the future abandons the call. A failed call fails the future
   * with a {@link DownstreamException}.
   */
  Future<HttpResponse> fetchAsync(String target);

  /** Ends the calls still running and frees what the client holds. */
  @Override
  void close();
}
