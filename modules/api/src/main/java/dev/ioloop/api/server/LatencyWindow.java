package dev.ioloop.api.server;

import java.lang.ref.WeakReference;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Every request's time in an HdrHistogram {@link Recorder}, whose interval the server rotates itself every
 * {@link #INTERVAL_MILLIS} ms; {@link #lastSecond()} is the last two full intervals merged. Readers only read that
 * result, so the dashboard, the demo's sampler and the soak never take each other's intervals.
 *
 * <p>One daemon thread per JVM rotates every window; it holds each weakly, so a server's counters that nobody
 * references any more stop being rotated. With {@code -Dioloop.latency.record=false} nothing is recorded (only to
 * measure what recording costs, docs/performance.md).
 */
final class LatencyWindow {
  static final long INTERVAL_MILLIS = 500;
  static final boolean RECORDING = !"false".equals(System.getProperty("ioloop.latency.record"));
  private static final ScheduledExecutorService ROTATOR = Executors.newSingleThreadScheduledExecutor(task -> {
    Thread thread = new Thread(task, "ioloop-latency-rotator");
    thread.setDaemon(true);
    return thread;
  });

  private final Recorder recorder = new Recorder(2);
  private final AtomicReference<ServerStats.Latency> lastSecond = new AtomicReference<>(ServerStats.Latency.NONE);
  private Histogram previous;
  private Histogram current;

  private LatencyWindow() {}

  static LatencyWindow started() {
    LatencyWindow window = new LatencyWindow();
    WeakReference<LatencyWindow> reference = new WeakReference<>(window);
    AtomicReference<ScheduledFuture<?>> self = new AtomicReference<>();
    self.set(ROTATOR.scheduleAtFixedRate(() -> {
      LatencyWindow live = reference.get();
      if (live == null) {
        ScheduledFuture<?> future = self.get();
        if (future != null) {
          future.cancel(false);
        }
      } else {
        live.rotate();
      }
    }, INTERVAL_MILLIS, INTERVAL_MILLIS, TimeUnit.MILLISECONDS));
    return window;
  }

  /** Records one request that took {@code nanos}, in microseconds (at least 1). */
  void record(long nanos) {
    if (RECORDING) {
      recorder.recordValue(Math.max(1, nanos / 1_000));
    }
  }

  /** Count, p50, p99 and max of the requests that finished in the last two full intervals. */
  ServerStats.Latency lastSecond() {
    return lastSecond.get();
  }

  /** On the rotator's thread only. */
  private void rotate() {
    Histogram ended = recorder.getIntervalHistogram(previous); // recycles the one two intervals old
    previous = current;
    current = ended;
    Histogram merged = current.copy();
    if (previous != null) {
      merged.add(previous);
    }
    lastSecond.set(merged.getTotalCount() == 0 ? ServerStats.Latency.NONE
        : new ServerStats.Latency(merged.getTotalCount(), merged.getValueAtPercentile(50),
            merged.getValueAtPercentile(99), merged.getMaxValue()));
  }
}
