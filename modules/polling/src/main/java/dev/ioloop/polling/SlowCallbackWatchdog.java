package dev.ioloop.polling;

import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Vert.x's blocked-thread checker: one daemon thread looks at every running loop each {@link #TICK_MILLIS} ms and
 * reports a task that has run past its loop's threshold once, with the loop thread's stack taken while it is still
 * blocked. The loop itself only publishes what it runs and since when: two volatile writes per task.
 */
final class SlowCallbackWatchdog {
  static final long TICK_MILLIS = 10;

  private static final System.Logger LOG = System.getLogger(PollingIOLoop.LOGGER_NAME);
  private static final Set<Watch> WATCHED = ConcurrentHashMap.newKeySet();
  private static final ScheduledExecutorService CHECKER =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("ioloop-watchdog").factory());

  static {
    CHECKER.scheduleWithFixedDelay(
        () -> WATCHED.forEach(Watch::check), TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
  }

  private SlowCallbackWatchdog() {}

  /** What one loop publishes for the checker. Only the loop thread calls begin and end. */
  static final class Watch {
    private final String loopName;
    private final Thread thread;
    private final LongSupplier thresholdNanos; // read per check, so a change applies to a running loop
    private final AtomicLong slowCount;
    private final AtomicLong reportedTask = new AtomicLong(-1); // the number of the last task reported
    private volatile long taskNumber;
    private volatile long taskStart;
    private volatile Object task; // null while the loop polls or sits idle; written last in begin()

    private Watch(String loopName, Thread thread, LongSupplier thresholdNanos, AtomicLong slowCount) {
      this.loopName = loopName;
      this.thread = thread;
      this.thresholdNanos = thresholdNanos;
      this.slowCount = slowCount;
    }

    void begin(Object task) {
      taskStart = System.nanoTime();
      taskNumber++;
      this.task = task;
    }

    /** Returns the task's wall time; reports it if it was slow and the checker missed it between two ticks. */
    long end() {
      Object finished = task;
      task = null;
      long elapsed = System.nanoTime() - taskStart;
      long threshold = thresholdNanos.getAsLong();
      if (elapsed > threshold && claim(taskNumber)) {
        LOG.log(Level.WARNING, "{0}: {1} took {2} ms (threshold {3} ms)",
            loopName, finished, elapsed / 1_000_000, threshold / 1_000_000);
      }
      return elapsed;
    }

    private void check() {
      Object running = task;
      long number = taskNumber;
      long elapsed = System.nanoTime() - taskStart;
      long threshold = thresholdNanos.getAsLong();
      if (running == null || elapsed <= threshold || reportedTask.get() >= number) {
        return;
      }
      StackTraceElement[] stack = thread.getStackTrace();
      if (task != running || taskNumber != number || !claim(number)) {
        return; // it finished while the stack was taken: end() reports it
      }
      StringBuilder trace = new StringBuilder();
      for (StackTraceElement frame : stack) {
        trace.append("\n\tat ").append(frame);
      }
      LOG.log(Level.WARNING, "{0}: {1} has blocked the loop thread {2} for {3} ms (threshold {4} ms){5}",
          loopName, running, thread.getName(), elapsed / 1_000_000, threshold / 1_000_000, trace);
    }

    /** Exactly one of the checker and the loop reports a task, and counts it. */
    private boolean claim(long number) {
      long reported = reportedTask.get();
      if (reported < number && reportedTask.compareAndSet(reported, number)) {
        slowCount.incrementAndGet();
        return true;
      }
      return false;
    }

    void close() {
      WATCHED.remove(this);
    }
  }

  static Watch watch(String loopName, Thread thread, LongSupplier thresholdNanos, AtomicLong slowCount) {
    Watch watch = new Watch(loopName, thread, thresholdNanos, slowCount);
    WATCHED.add(watch);
    return watch;
  }
}
