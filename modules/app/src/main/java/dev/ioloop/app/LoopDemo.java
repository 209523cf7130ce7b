package dev.ioloop.app;

import dev.ioloop.api.LagProbe;
import dev.ioloop.api.LoopStats;
import dev.ioloop.api.MeasuredLoop;
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

  static Result run(String loopName, MeasuredLoop loop, WaitStyle style, List<Duration> delays, Duration limit)
      throws TimeoutException, ExecutionException {
    LoopStats before = loop.stats();
    LagProbe probe = new LagProbe(loop, PROBE_PERIOD);
    long[] maxLagNanos = {0};
    long start = System.nanoTime();
    loop.runSync(() -> {
      CompletableFuture<Void> allDone = new CompletableFuture<>();
      AtomicInteger left = new AtomicInteger(delays.size());
      probe.start();
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
        maxLagNanos[0] = probe.takeMaxLagNanos(); // counts a probe the last block still holds up
        probe.stop();
      });
    }, limit);
    Duration wall = Duration.ofNanos(System.nanoTime() - start);
    long slow = loop.stats().slowCallbacks() - before.slowCallbacks();
    return new Result(loopName, style, delays.size(), wall, Duration.ofNanos(maxLagNanos[0]), slow);
  }
}
