package dev.ioloop.api.server;

import java.net.InetSocketAddress;
import java.time.Duration;

/** A running lab server of any engine; {@link #close()} stops it at once, {@link #shutdown} gracefully. */
public interface LabServer extends AutoCloseable {
  /** The address it accepts on (the actual port when started on port 0). */
  InetSocketAddress address();

  Engine engine();

  ServerStats stats();

  /**
   * Stops accepting, lets requests in flight finish for up to {@code grace}, then closes every connection, thread
   * and loop the server started. Idempotent.
   */
  void shutdown(Duration grace);

  @Override
  default void close() {
    shutdown(Duration.ZERO);
  }
}
