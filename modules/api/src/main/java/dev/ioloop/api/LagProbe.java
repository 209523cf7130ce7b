package dev.ioloop.api;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Event-loop lag, as Node and asyncio tools measure it: a timeout due every {@code period} records how late it ran.
 * A loop blocked by a callback runs it late by the length of the block, so the lag shows what every ready event
 * waited. Start and stop it on the loop thread or before the loop runs; read it from any thread.
 */
public final class LagProbe {
  private final IOLoop loop;
  private final long periodNanos;
  private final AtomicLong maxLagNanos = new AtomicLong();
  private volatile long pendingDeadline = Long.MAX_VALUE;
  private Timeout next;

  public LagProbe(IOLoop loop, Duration period) {
    this.loop = loop;
    this.periodNanos = period.toNanos();
  }

  public void start() {
    schedule();
  }

  public void stop() {
    if (next != null) {
      loop.removeTimeout(next);
      next = null;
    }
    pendingDeadline = Long.MAX_VALUE;
  }

  private void schedule() {
    long deadline = loop.time() + periodNanos;
    pendingDeadline = deadline;
    next = loop.callAt(deadline, () -> {
      maxLagNanos.accumulateAndGet(loop.time() - deadline, Math::max);
      schedule();
    });
  }

  /**
   * The largest lag since the previous call, and starts a new window. A probe overdue right now counts too: a loop
   * that is blocked at this moment has not run it yet.
   */
  public long takeMaxLagNanos() {
    long overdue = loop.time() - pendingDeadline;
    return Math.max(maxLagNanos.getAndSet(0), Math.max(0, overdue));
  }

  @Override
  public String toString() {
    return "LagProbe[every " + Duration.ofNanos(periodNanos) + "]";
  }
}
