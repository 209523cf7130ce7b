package dev.ioloop.api;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Tornado's {@code PeriodicCallback}: calls {@code callback} every {@code period} on the loop's clock. The period runs
 * from the start of one call to the start of the next; a call that overruns skips the missed ticks to get back on the
 * grid; a clock that went backwards schedules one period later; calls never overlap (the next is scheduled only
 * once the current returns, on the loop thread). Start and stop it on the loop thread, or before the loop runs.
 */
public final class PeriodicCallback {
  private final IOLoop loop;
  private final Runnable callback;
  private final long periodNanos;
  private final double jitter;
  private final DoubleSupplier random;
  private boolean running;
  private long nextDeadline;
  private Timeout timeout;
  /** What the loop runs each period. It names this PeriodicCallback, so the loop's logs say whose call failed. */
  private final Runnable tick = new Runnable() {
    @Override
    public void run() {
      PeriodicCallback.this.run();
    }

    @Override
    public String toString() {
      return PeriodicCallback.this.toString();
    }
  };

  public PeriodicCallback(IOLoop loop, Runnable callback, Duration period) {
    this(loop, callback, period, 0);
  }

  /** With jitter J, each period is spread over {@code period * (1 + J * (random - 0.5))}; J is from 0 to 1. */
  public PeriodicCallback(IOLoop loop, Runnable callback, Duration period, double jitter) {
    this(loop, callback, period, jitter, () -> ThreadLocalRandom.current().nextDouble());
  }

  /** With the random source injected, for tests of the jitter. */
  PeriodicCallback(IOLoop loop, Runnable callback, Duration period, double jitter, DoubleSupplier random) {
    this.loop = Objects.requireNonNull(loop, "loop");
    this.callback = Objects.requireNonNull(callback, "callback");
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("period must be positive: " + period);
    }
    if (!(jitter >= 0 && jitter <= 1)) {
      throw new IllegalArgumentException("jitter must be between 0 and 1: " + jitter);
    }
    this.periodNanos = period.toNanos();
    this.jitter = jitter;
    this.random = random;
  }

  public void start() {
    if (running) {
      return;
    }
    running = true;
    nextDeadline = loop.time();
    scheduleNext();
  }

  public void stop() {
    running = false;
    if (timeout != null) {
      loop.removeTimeout(timeout);
      timeout = null;
    }
  }

  public boolean isRunning() {
    return running;
  }

  private void run() {
    if (!running) {
      return;
    }
    try {
      callback.run(); // a failure is the loop's to log; the schedule goes on
    } finally {
      scheduleNext();
    }
  }

  private void scheduleNext() {
    if (running) {
      nextDeadline = nextDeadline(nextDeadline, loop.time());
      timeout = loop.callAt(nextDeadline, tick);
    }
  }

  /** Tornado's {@code _update_next}: the deadline after {@code previous}, seen at {@code now}. */
  long nextDeadline(long previous, long now) {
    long period = jitter == 0 ? periodNanos : Math.round(periodNanos * (1 + jitter * (random.getAsDouble() - 0.5)));
    if (previous <= now) {
      // Measured from the start of one call to the next: an overrun skips whole periods to stay on the grid.
      return previous + ((now - previous) / period + 1) * period;
    }
    // The clock went backwards: advance one period rather than compute the same deadline again.
    return previous + period;
  }

  @Override
  public String toString() {
    return "PeriodicCallback[" + callback + " every " + Duration.ofNanos(periodNanos) + "]";
  }
}
