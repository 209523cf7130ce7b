package dev.ioloop.http.client;

import dev.ioloop.http.codec.HttpGetRequest;
import java.time.Duration;

/**
 * How long a blocking client's call may take, the same for {@link BlockingHttpClient} and {@link PooledHttpClient}.
 *
 * @param connect how long connecting may take
 * @param call    how long a whole call may take, connecting included: a deadline, not a per-read timeout, so a
 *                downstream that trickles bytes cannot hold a call longer
 */
record CallTimeouts(Duration connect, Duration call) {
  CallTimeouts {
    requirePositive(connect, "connectTimeout");
    requirePositive(call, "timeout");
  }

  /** The deadline of a call of {@code request} that begins now. */
  CallDeadline start(HttpGetRequest request) {
    return new CallDeadline(request.hostAndPort(), this, System.nanoTime() + call.toNanos());
  }

  private static void requirePositive(Duration duration, String name) {
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, not " + duration);
    }
  }
}
