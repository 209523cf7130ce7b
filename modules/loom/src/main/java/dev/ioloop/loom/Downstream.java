package dev.ioloop.loom;

import dev.ioloop.http.DownstreamException;
import dev.ioloop.http.HttpResponse;
import java.util.concurrent.Future;

/**
 * How the loom-model endpoints reach block2 downstream: the codec's blocking client for the hand-written loom server
 * ({@link SocketDownstream}), jetty-client for the jetty engine ({@link JettyDownstream}). Either way the answer is
 * block2's, relayed as {@link dev.ioloop.http.Route#relay} says, and a call that gets none fails with a
 * {@link DownstreamException} (502 or 504).
 */
interface Downstream extends AutoCloseable {
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
