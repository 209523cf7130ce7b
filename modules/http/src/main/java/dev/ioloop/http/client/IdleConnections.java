package dev.ioloop.http.client;

import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The idle keep-alive connections of a {@link PooledHttpClient} to one host and port: at most {@code max} of them, the
 * last one put back taken first, so under light load a few connections stay warm and the rest age out.
 *
 * <p>Safe from any thread, without a lock: taking a connection out of the deque is what makes it the taker's, so a
 * call, the sweeper and {@code close} never use or close one another took.
 */
final class IdleConnections {
  private final Deque<DownstreamConnection> idle = new ConcurrentLinkedDeque<>();
  /** Counted before a connection goes in, uncounted after it comes out: never below the deque's size. */
  private final AtomicInteger count = new AtomicInteger();
  private final int max;

  IdleConnections(int max) {
    this.max = max;
  }

  /** The most recently idle connection, or null. */
  DownstreamConnection take() {
    DownstreamConnection connection = idle.pollFirst();
    if (connection != null) {
      count.decrementAndGet();
    }
    return connection;
  }

  /** Keeps {@code connection} idle from now; false, and the caller still owns it, if {@code max} are idle already. */
  boolean offer(DownstreamConnection connection) {
    if (count.incrementAndGet() > max) {
      count.decrementAndGet();
      return false;
    }
    connection.idleFromNow();
    idle.offerFirst(connection);
    return true;
  }

  /** Closes the connections idle longer than {@code maxIdleNanos}: the oldest are at the end. */
  void closeIdleLongerThan(long maxIdleNanos, long nowNanos) {
    DownstreamConnection oldest;
    while ((oldest = idle.peekLast()) != null && oldest.idleLongerThan(maxIdleNanos, nowNanos)) {
      // Taken and put back meanwhile, it is no longer old; closing it all the same costs one reconnect, no error.
      if (idle.removeLastOccurrence(oldest)) {
        count.decrementAndGet();
        oldest.close();
      }
    }
  }

  void closeAll() {
    DownstreamConnection connection;
    while ((connection = idle.pollFirst()) != null) {
      count.decrementAndGet();
      connection.close();
    }
  }
}
