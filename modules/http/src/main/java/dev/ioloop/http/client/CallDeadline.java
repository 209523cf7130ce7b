package dev.ioloop.http.client;

/**
 * The deadline of one blocking call, turned into the socket timeouts of its connect and of each read: the time left,
 * so the whole call, however many reads it takes, ends by the deadline.
 *
 * @param hostAndPort the downstream, for the one-line reasons
 * @param atNanos     the deadline, in {@link System#nanoTime()}
 */
record CallDeadline(String hostAndPort, CallTimeouts timeouts, long atNanos) {

  /** Milliseconds for connecting: the connect timeout, or less if the call has less left. */
  int connectMillis() throws DownstreamTimeoutException {
    return millis(Math.min(timeouts.connect().toNanos(), atNanos - System.nanoTime()));
  }

  /** Milliseconds for the next read: what is left of the call. */
  int readMillis() throws DownstreamTimeoutException {
    return millis(atNanos - System.nanoTime());
  }

  /** Whether the deadline is at or before {@code nowNanos} (System.nanoTime()). */
  boolean passedAt(long nowNanos) {
    return nowNanos - atNanos >= 0;
  }

  /** The call took too long (504). */
  DownstreamTimeoutException expired(Throwable cause) {
    return DownstreamTimeoutException.noAnswer(hostAndPort, timeouts.call(), cause);
  }

  /** At least 1 (a socket timeout of 0 would mean forever); none left is a timeout. */
  private int millis(long nanosLeft) throws DownstreamTimeoutException {
    if (nanosLeft <= 0) {
      throw expired(null);
    }
    return Math.clamp((nanosLeft + 999_999) / 1_000_000, 1, Integer.MAX_VALUE);
  }
}
