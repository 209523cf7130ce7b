package dev.ioloop.loom.endpoints;

import dev.ioloop.api.server.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The endpoints' one clock for sleeping: a sleeping thread parks, and one platform thread wakes every sleeper whose
 * time has come, a batch each {@link #TICK}. The sleepers wait in a hashed timing wheel: a slot per tick, so adding
 * one is a lock-free append and each tick looks at one slot. A sleeper wakes no earlier than asked and, when a
 * carrier is free, within a tick after it.
 *
 * <p>Why not {@code Thread.sleep}: on a virtual thread every sleep schedules a task on the JDK's delay scheduler, a
 * thread of its own, which wakes for it and hands the unpark to the carriers. On one core that costs more than the
 * rest of the request: {@code /api/sleep?ms=100} at 5,000 connections, 36.4 µs of server CPU a request with
 * {@code Thread.sleep}, 20.3 µs with this timer (docs/performance.md). The reactor batches its sleeps the same way:
 * its loop runs every due timeout of its heap in one pass. The loom server sheds the same cost from its reads with
 * one sweeper instead of a socket timeout per read.
 *
 * <p>{@link #close()} wakes every sleeper; one that still has time left then sleeps it with {@code Thread.sleep}, so
 * a request that outlives its server's timer is answered late, never not at all.
 */
public final class SleepTimer implements AutoCloseable {
  /** 1 ms: the precision of the endpoints' sleeps (milliseconds), and 1,000 wake-ups a second only while any sleep. */
  static final Duration TICK = Duration.ofMillis(1);
  private static final long TICK_NANOS = TICK.toNanos();
  /** A power of two; a sleep longer than the wheel (1,024 ticks) is looked at once per turn until it is due. */
  private static final int SLOTS = 1024;

  private record Sleeper(long dueNanos, Thread thread) {}

  private final List<ConcurrentLinkedQueue<Sleeper>> slots = new ArrayList<>(SLOTS);
  /** Sleepers in the wheel: at 0 the timer thread parks until the next sleeper comes, instead of ticking. */
  private final AtomicInteger waiting = new AtomicInteger();
  private final Thread thread;
  private volatile boolean closed;

  /** Starts the timer's platform thread, a daemon. */
  public SleepTimer() {
    for (int i = 0; i < SLOTS; i++) {
      slots.add(new ConcurrentLinkedQueue<>());
    }
    thread = Thread.ofPlatform().name("loom-sleep-timer").daemon().unstarted(this::turn);
    thread.start();
  }

  /**
   * Blocks the calling thread for {@code duration}, as {@link Thread#sleep(Duration)} does. A platform thread (the
   * platform engine's) just sleeps: the kernel wakes it, with no delay scheduler and no other thread between.
   *
   * @throws InterruptedException the thread was interrupted before or while it slept (its interrupt is cleared)
   */
  public void sleep(Duration duration) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    if (!duration.isPositive()) {
      return;
    }
    if (!Thread.currentThread().isVirtual()) {
      Thread.sleep(duration);
      return;
    }
    long due = System.nanoTime() + duration.toNanos();
    slotOf(due).add(new Sleeper(due, Thread.currentThread()));
    if (waiting.getAndIncrement() == 0) {
      LockSupport.unpark(thread); // it parks without a deadline while no one sleeps
    }
    long left;
    while ((left = due - System.nanoTime()) > 0) {
      if (closed) {
        Thread.sleep(Duration.ofNanos(left));
        return;
      }
      LockSupport.park(this);
      if (Thread.interrupted()) {
        throw new InterruptedException(); // its entry stays in the wheel until due, a few bytes, then goes
      }
    }
  }

  /** Ends the timer's thread and wakes every sleeper; idempotent. */
  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(thread);
    Ticker.awaitEnd(thread);
    slots.forEach(slot -> slot.forEach(sleeper -> LockSupport.unpark(sleeper.thread())));
  }

  /** Whether the timer's thread still runs: for tests. */
  boolean running() {
    return thread.isAlive();
  }

  /** The timer's thread: every tick, wakes the due sleepers of the slots whose ticks have come since the last. */
  private void turn() {
    long tick = Math.floorDiv(System.nanoTime(), TICK_NANOS);
    List<Sleeper> notYet = new ArrayList<>();
    while (!closed) {
      if (waiting.get() == 0) {
        LockSupport.park(this);
      } else {
        LockSupport.parkNanos(this, TICK_NANOS);
      }
      long now = System.nanoTime();
      long nowTick = Math.floorDiv(now, TICK_NANOS);
      // From the last tick looked at (sleepers may have joined its slot since), at most one turn of the wheel.
      for (long t = Math.max(tick, nowTick - SLOTS + 1); t <= nowTick; t++) {
        wakeDue(slotOf(t * TICK_NANOS), now, notYet);
      }
      tick = nowTick;
    }
  }

  private void wakeDue(ConcurrentLinkedQueue<Sleeper> slot, long now, List<Sleeper> notYet) {
    for (Sleeper sleeper; (sleeper = slot.poll()) != null; ) {
      if (sleeper.dueNanos() - now <= 0) {
        waiting.decrementAndGet();
        LockSupport.unpark(sleeper.thread());
      } else {
        notYet.add(sleeper); // later in this tick, or a turn of the wheel or more away
      }
    }
    slot.addAll(notYet);
    notYet.clear();
  }

  private ConcurrentLinkedQueue<Sleeper> slotOf(long nanos) {
    return slots.get((int) (Math.floorDiv(nanos, TICK_NANOS) & (SLOTS - 1)));
  }
}
