package dev.ioloop.app.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ioloop.api.server.ServerStats;
import dev.ioloop.app.report.StatsSample;
import java.util.List;
import java.util.function.IntToLongFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class GrowthTest {
  /**
   * Twelve samples whose open files are {@code openFiles(i)}, whose heap after the last collection is
   * {@code heapAfterGcMib(i)} MiB, and whose used heap climbs by 100 MiB a sample, never collected: a run too short
   * to sample the sawtooth's low points.
   */
  private static List<StatsSample> samples(IntToLongFunction openFiles, IntToLongFunction heapAfterGcMib) {
    return IntStream.range(0, 12).mapToObj(i -> new StatsSample(10_000L * i,
        new ServerStats("loom", "loom", 0, 0, 0, 0, new ServerStats.Threads(20, 0, 50, 0),
            new ServerStats.Loop(0, 0, 0), ServerStats.Pool.NONE,
            (100L * i) << 20, heapAfterGcMib.applyAsLong(i) << 20, ServerStats.Latency.NONE, 0),
        openFiles.applyAsLong(i))).toList();
  }

  @Test
  void aSteadyResourceIsBoundedEvenAfterAWarmUpClimb() {
    // Pools fill during the first third; afterwards a steady 120 with load swings.
    Growth growth = Growth.of(Resource.OPEN_FILES, samples(i -> i < 4 ? 20L * i : 120 + (i % 2) * 30, i -> 100));
    assertEquals(120, growth.middle());
    assertEquals(120, growth.last());
    assertFalse(growth.unbounded(), growth::toString);
  }

  @Test
  void aFloorThatKeepsRisingIsUnbounded() {
    Growth growth = Growth.of(Resource.OPEN_FILES, samples(i -> 100 + 40L * i, i -> 100));
    assertTrue(growth.unbounded(), growth::toString);
    assertEquals(260, growth.middle()); // samples 4..7: the lowest is the 5th
    assertEquals(420, growth.last());
  }

  @Test
  void usedHeapThatNoCollectionBroughtDownIsNotGrowth() {
    // A 2-minute soak: the last collection came in the middle third and left 8 MiB; the used heap climbed since.
    Growth growth = Growth.of(Resource.HEAP_MIB, samples(i -> 100, i -> i < 5 ? 0 : 8));
    assertFalse(growth.unbounded(), growth::toString);
  }

  @Test
  void aHeapLeftLargerByEveryCollectionIsUnbounded() {
    Growth growth = Growth.of(Resource.HEAP_MIB, samples(i -> 100, i -> 20 + 30L * i));
    assertTrue(growth.unbounded(), growth::toString);
  }

  @Test
  void growthWithinTheAllowanceIsBounded() {
    // 25% of 200 is 50: 240 is within it, 260 is not.
    assertFalse(Growth.of(Resource.OPEN_FILES, samples(i -> i < 8 ? 200 : 240, i -> 100)).unbounded());
    assertTrue(Growth.of(Resource.OPEN_FILES, samples(i -> i < 8 ? 200 : 260, i -> 100)).unbounded());
  }

  @Test
  void tooFewSamplesCannotBeJudged() {
    assertThrows(IllegalArgumentException.class,
        () -> Growth.of(Resource.OPEN_FILES, samples(i -> 1, i -> 1).subList(0, Growth.MIN_SAMPLES - 1)));
  }
}
