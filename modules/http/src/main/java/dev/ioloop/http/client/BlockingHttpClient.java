package dev.ioloop.http.client;

import dev.ioloop.http.codec.HttpGetRequest;
import dev.ioloop.http.codec.HttpLimits;
import dev.ioloop.http.codec.ReceivedResponse;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * The small blocking client of the reactor's {@code /api/block}: one GET per connection over a plain {@link Socket},
 * returning when the response is complete. On the reactor's loop thread its reads stall the whole loop, which is the
 * anti-pattern the demo shows; on a virtual thread they would only park it.
 *
 * <p>No connection is kept between calls ({@code Connection: close}): the client stays small and thread-safe, and
 * never sends on a pooled connection the server has meanwhile closed. On loopback a connect costs microseconds next
 * to block2's milliseconds, but under load its accept and close cost both ends CPU: {@link PooledHttpClient} keeps
 * connections instead, over the same exchange ({@code DownstreamConnection}). Its reads keep the socket timeout
 * (what is left of the call): one call per connection has no sweeper to lean on, and on a loop thread a timed read
 * wakes no other thread.
 */
public final class BlockingHttpClient {
  private final CallTimeouts timeouts;
  private final HttpLimits limits;

  /** With the default response limits: 8 KiB of head, 1 MiB of body. */
  public BlockingHttpClient(Duration connectTimeout, Duration timeout) {
    this(connectTimeout, timeout, HttpLimits.DEFAULT);
  }

  /**
   * @param connectTimeout how long connecting may take
   * @param timeout        how long a whole call may take, connecting included: a deadline, not a per-read timeout,
   *                       so a downstream that trickles bytes cannot hold a call longer
   * @param limits         the largest response accepted
   */
  public BlockingHttpClient(Duration connectTimeout, Duration timeout, HttpLimits limits) {
    this.timeouts = new CallTimeouts(connectTimeout, timeout);
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /**
   * GETs {@code url} and returns its response, whatever its status.
   *
   * @throws DownstreamRefusedException   no connection (502)
   * @throws DownstreamResetException     the connection broke mid-exchange (502)
   * @throws DownstreamMalformedException not an HTTP response, or cut short by a close (502)
   * @throws DownstreamTimeoutException   connecting or the whole call took too long (504)
   * @throws IllegalArgumentException     {@code url} is not an {@code http://} URL
   */
  public ReceivedResponse get(URI url) throws DownstreamException {
    HttpGetRequest request = HttpGetRequest.of(url);
    CallDeadline deadline = timeouts.start(request);
    try (DownstreamConnection connection = DownstreamConnection.open(request, deadline,
        DownstreamConnection.ReadDeadline.SOCKET_TIMEOUT)) {
      return connection.exchange(request.encode(), deadline, limits);
    }
  }
}
