package dev.ioloop.loom.server;

import dev.ioloop.api.server.Ticker;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;

/**
 * The loom server's one clock for its connections' read deadlines (idle, request head, stalled body, lingering close):
 * a thread that wakes every {@link #TICK} and expires each connection whose deadline has passed
 * ({@link LoomConnection#expireIfLate}). Helidon 4 does the same with its idle-connection check.
 *
 * <p>Why not the socket's read timeout: a timed read that has to wait arms a timer on the JDK's delay scheduler and
 * cancels it when the bytes come, a wake-up of another thread per read; untimed reads plus one sweep per tick cost a
 * volatile write per wait instead (docs/performance.md). A deadline therefore holds to within one tick, plus however
 * long the sweeper waits for a carrier on a busy machine.
 */
final class ConnectionSweeper implements AutoCloseable {
  /**
   * 100 ms: 1% of the 10 s header timeout, a fifth of the shortest timeout the tests use (500 ms), and still cheap: a
   * sweep reads one field of each connection (a few tens of microseconds for 5,000), ten times a second.
   */
  static final Duration TICK = Duration.ofMillis(100);

  private final Iterable<LoomConnection> connections;
  private final Thread thread;

  /** @param connections the live connections, read afresh on every sweep (a concurrent collection's view) */
  ConnectionSweeper(Iterable<LoomConnection> connections, ThreadFactory threads) {
    this.connections = connections;
    this.thread = threads.newThread(this::sweepEveryTick);
  }

  void start() {
    thread.start();
  }

  /** Expires every connection whose read deadline is at or before {@code now} (System.nanoTime()). */
  void sweep(long now) {
    for (LoomConnection connection : connections) {
      connection.expireIfLate(now);
    }
  }

  /** Stops sweeping and waits for the thread to end, which it does at once: it is interrupted in its sleep. */
  @Override
  public void close() {
    thread.interrupt();
    Ticker.awaitEnd(thread);
  }

  /** Until close() interrupts it; a sweep that fails is logged and the next tick sweeps again ({@link Ticker}). */
  private void sweepEveryTick() {
    Ticker.every(TICK, "the loom connection sweeper", () -> {
      sweep(System.nanoTime());
      return true;
    });
  }
}
