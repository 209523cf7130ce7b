package dev.ioloop.loom;

import dev.ioloop.loom.loop.VirtualThreadIOLoop;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A virtual thread that blocks where it cannot unmount shows up in the loop's stats. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PinnedThreadMonitorTest {
  private static final Duration PATIENCE = Duration.ofSeconds(20);

  /** Blocks in its class initializer: a virtual thread that initializes it stays on its carrier meanwhile. */
  static final class SleepsInItsInitializer {
    static {
      try {
        Thread.sleep(PinnedThreadMonitor.THRESHOLD.multipliedBy(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Test
  void aVirtualThreadBlockedInAClassInitializerIsCountedAsPinned() throws Exception {
    try (VirtualThreadIOLoop loop = new VirtualThreadIOLoop()) {
      long before = loop.stats().pinnedVirtualThreads();
      byte[] initializerClass = classBytes(SleepsInItsInitializer.class);

      // JFR delivers about once a second, and its recording begins a moment after the loop starts it:
      // pin again, each time in a fresh hidden copy of the class, until a pin is counted.
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      while (loop.stats().pinnedVirtualThreads() == before && System.nanoTime() < deadline) {
        Thread.ofVirtual().start(() -> initializeACopy(initializerClass)).join();
        Thread.sleep(200);
      }

      assertTrue(loop.stats().pinnedVirtualThreads() > before, "no pinned virtual thread counted in " + PATIENCE);
    }
  }

  private static byte[] classBytes(Class<?> type) throws IOException {
    try (InputStream in = type.getResourceAsStream(type.getName().substring(type.getPackageName().length() + 1)
        + ".class")) {
      return in.readAllBytes();
    }
  }

  private static void initializeACopy(byte[] classBytes) {
    try {
      MethodHandles.lookup().defineHiddenClass(classBytes, true);
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }
}
