package dev.ioloop.loom;

import dev.ioloop.loom.loop.VirtualThreadIOLoop;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingStream;

/**
 * Counts virtual threads pinned to their carrier, JVM-wide: JFR emits {@code jdk.VirtualThreadPinned} when a virtual
 * thread blocks for longer than {@link #THRESHOLD} where it cannot unmount (in a class initializer, under a native
 * frame), and an in-process {@link RecordingStream} counts them. Pins are counted JVM-wide because a pinned thread
 * holds a carrier that every virtual thread of the JVM shares.
 *
 * <p>Started once per JVM, by the first {@link VirtualThreadIOLoop}. JFR delivers events about once a second, so the
 * count lags by as much. Pins before the recording runs, a few milliseconds after {@link #start()}, are not seen.
 */
public final class PinnedThreadMonitor {
  static final String EVENT = "jdk.VirtualThreadPinned";
  /** JFR's default for this event: shorter pins are too brief to stall other virtual threads much. */
  static final Duration THRESHOLD = Duration.ofMillis(20);

  private static final System.Logger LOG = System.getLogger(PinnedThreadMonitor.class.getName());
  private static final AtomicBoolean STARTED = new AtomicBoolean();
  private static final AtomicLong PINNED = new AtomicLong();

  private PinnedThreadMonitor() {}

  /** Starts the recording unless it runs already. */
  public static void start() {
    if (!STARTED.compareAndSet(false, true)) {
      return;
    }
    RecordingStream stream;
    try {
      stream = new RecordingStream();
    } catch (IllegalStateException | SecurityException unavailable) {
      LOG.log(Level.WARNING, "JFR is unavailable, pinned virtual threads are not counted: {0}",
          unavailable.getMessage());
      return;
    }
    stream.enable(EVENT).withThreshold(THRESHOLD);
    stream.onEvent(EVENT, PinnedThreadMonitor::count);
    stream.onError(failure -> LOG.log(Level.WARNING, "reading JFR's pinned-thread events failed", failure));
    // Not startAsync(): its thread is not a daemon and would keep the JVM from exiting.
    Thread.ofPlatform().daemon().name("ioloop-pinned-thread-monitor").start(stream::start);
  }

  /** Virtual threads seen pinned since {@link #start()}; 0 if JFR is unavailable. */
  public static long pinned() {
    return PINNED.get();
  }

  private static void count(RecordedEvent pin) {
    PINNED.incrementAndGet();
    LOG.log(Level.DEBUG, () -> describe(pin));
  }

  private static String describe(RecordedEvent pin) {
    StringBuilder text = new StringBuilder("virtual thread ")
        .append(pin.getThread() == null ? "?" : pin.getThread().getJavaName())
        .append(" pinned its carrier for ").append(pin.getDuration().toMillis()).append(" ms");
    if (pin.hasField("pinnedReason")) { // JDK 24+: "VM call to ...<clinit> on stack", "native frame on stack"
      text.append(" (").append(pin.getString("pinnedReason")).append(')');
    }
    if (pin.getStackTrace() != null) {
      for (RecordedFrame frame : pin.getStackTrace().getFrames()) {
        text.append("\n\tat ").append(frame.getMethod().getType().getName()).append('.')
            .append(frame.getMethod().getName()).append(':').append(frame.getLineNumber());
      }
    }
    return text.toString();
  }
}
