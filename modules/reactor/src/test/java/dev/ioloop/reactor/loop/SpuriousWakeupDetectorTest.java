package dev.ioloop.reactor.loop;

import static dev.ioloop.reactor.loop.SpuriousWakeupDetector.REBUILD_THRESHOLD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class SpuriousWakeupDetectorTest {
  private static final long ONE_MS = 1_000_000;
  private static final long NO_LIMIT = -1;

  private final SpuriousWakeupDetector detector = new SpuriousWakeupDetector();

  /** Feeds up to {@code max} premature returns; returns how many it took to be asked for a rebuild, 0 if none did. */
  private int prematureReturnsUntilRebuild(int max) {
    for (int i = 1; i <= max; i++) {
      if (detector.selectReturned(0, i % 2 == 0 ? ONE_MS : NO_LIMIT, 10, false, false)) {
        return i;
      }
    }
    return 0;
  }

  @Test
  void asksForARebuildAfterThresholdPrematureReturnsInARow() {
    assertEquals(REBUILD_THRESHOLD, prematureReturnsUntilRebuild(10_000));
    assertEquals(REBUILD_THRESHOLD, prematureReturnsUntilRebuild(10_000), "and counts again from zero");
  }

  @Test
  void keysATimeoutAWakeupAnInterruptOrANonBlockingSelectStartTheCountOver() {
    int almost = REBUILD_THRESHOLD - 1;
    assertEquals(0, prematureReturnsUntilRebuild(almost));
    assertFalse(detector.selectReturned(1, ONE_MS, 10, false, false), "a key was selected");
    assertEquals(0, prematureReturnsUntilRebuild(almost));
    assertFalse(detector.selectReturned(0, ONE_MS, ONE_MS, false, false), "it timed out");
    assertEquals(0, prematureReturnsUntilRebuild(almost));
    assertFalse(detector.selectReturned(0, NO_LIMIT, 10, true, false), "it was woken");
    assertEquals(0, prematureReturnsUntilRebuild(almost));
    assertFalse(detector.selectReturned(0, ONE_MS, 10, false, true), "it was interrupted");
    assertEquals(0, prematureReturnsUntilRebuild(almost));
    assertFalse(detector.selectReturned(0, 0, 10, false, false), "selectNow() is not asked to wait");
    assertEquals(REBUILD_THRESHOLD, prematureReturnsUntilRebuild(10_000));
  }
}
