package dev.ioloop.app;

import dev.ioloop.api.LoopStats;
import dev.ioloop.api.PollingIOLoop;
import dev.ioloop.api.Timeout;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a batch of waits, all started at once, on one loop in one {@link WaitStyle} and measures what the loop
 * went through: the wall time, and how late a probe timeout that should fire every 10 ms actually ran (loop lag).
 */
final class LoopDemo {
  private static final Duration PROBE_PERIOD = Duration.ofMillis(10);

  /** What one run measured. */
  record Result(String loop, WaitStyle style, int tasks, Duration wallTime, Duration maxLag, long slowCallbacks) {
    double tasksPerSecond() {
      return tasks / (wallTime.toNanos() / 1e9);
    }
  }

  private LoopDemo() {}

  static Result run(String loopName, PollingIOLoop loop, WaitStyle style, List<Duration> delays, Duration limit)
      throws TimeoutException, ExecutionException {
    LoopStats before = loop.stats();
    long[] maxLagNanos = {0};
    Timeout[] probe = {null};
    long start = System.nanoTime();
    loop.runSync(() -> {
      CompletableFuture<Void> allDone = new CompletableFuture<>();
      AtomicInteger left = new AtomicInteger(delays.size());
      probe[0] = scheduleProbe(loop, maxLagNanos, probe);
      for (Duration delay : delays) {
        // Each wait starts as its own callback, as requests arriving on connections would.
        loop.addCallback(() -> {
          try {
            style.await(loop, delay, () -> {
              if (left.decrementAndGet() == 0) {
                allDone.complete(null);
              }
            });
          } catch (Exception e) {
            allDone.completeExceptionally(e);
          }
        });
      }
      return allDone.whenComplete((ok, failure) -> {
        // A probe still waiting when the batch ends is late too: the last block may have held it up.
        maxLagNanos[0] = Math.max(maxLagNanos[0], loop.time() - probe[0].deadline());
        loop.removeTimeout(probe[0]);
      });
    }, limit);
    Duration wall = Duration.ofNanos(System.nanoTime() - start);
    long slow = loop.stats().slowCallbacks() - before.slowCallbacks();
    return new Result(loopName, style, delays.size(), wall, Duration.ofNanos(maxLagNanos[0]), slow);
  }

  /** A timeout every 10 ms that records how late it ran: on a blocked loop, the length of the block. */
  private static Timeout scheduleProbe(PollingIOLoop loop, long[] maxLagNanos, Timeout[] probe) {
    long deadline = loop.time() + PROBE_PERIOD.toNanos();
    return loop.callAt(deadline, () -> {
      maxLagNanos[0] = Math.max(maxLagNanos[0], loop.time() - deadline);
      probe[0] = scheduleProbe(loop, maxLagNanos, probe);
    });
  }
}
