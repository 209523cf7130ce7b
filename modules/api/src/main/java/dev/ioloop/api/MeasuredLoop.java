package dev.ioloop.api;

import java.time.Duration;

/**
 * What a loop shows of itself beyond the {@link IOLoop} contract: its name, its counters and the slow-callback
 * threshold. The contract kit, the servers' {@code /api/stats} and the benchmarks read a loop through this, so a loop
 * joins them by implementing it, whatever it extends.
 */
public interface MeasuredLoop extends IOLoop {
  /** The logger that reports failing and slow callbacks, on every loop. */
  String LOGGER_NAME = "dev.ioloop.loop";
  /** asyncio's {@code slow_callback_duration}. */
  Duration DEFAULT_SLOW_CALLBACK_THRESHOLD = Duration.ofMillis(100);

  /** The loop's name, {@code kind-N}: its thread carries it, and so do its log lines. */
  String name();

  /** A snapshot of the loop's counters; safe from any thread. */
  LoopStats stats();

  /** A callback, timeout or handler running longer than this is logged with the loop thread's stack and counted. */
  void setSlowCallbackThreshold(Duration threshold);
}
