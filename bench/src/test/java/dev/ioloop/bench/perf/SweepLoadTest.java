package dev.ioloop.bench.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The sweep's steps: the sleep rule that keeps wrk within reach, its timeouts, and what fits the open-file limit. */
class SweepLoadTest {

  @Test
  void theSleepIs100MillisecondsUntilThatWouldAskWrkForMoreThan50000RequestsASecond() {
    Map<Integer, Long> sleeps = Map.of(250, 100L, 1_000, 100L, 2_500, 100L, 5_000, 100L, 5_001, 200L, 10_000, 200L,
        12_000, 300L, 15_000, 300L);
    sleeps.forEach((connections, millis) ->
        assertEquals(Duration.ofMillis(millis), SweepLoad.of(connections).sleep(), connections + " connections"));
    assertEquals(50_000, SweepLoad.of(15_000).littlesLawLimit(), 1e-6);
    assertEquals(2_500, SweepLoad.of(250).littlesLawLimit(), 1e-6);
    assertEquals("/api/sleep?ms=300", SweepLoad.of(15_000).target());
  }

  @Test
  void everyStepOfBothSweepsStaysWithinWrksReachAndTheLabServersLimit() {
    for (SweepSettings settings : List.of(SweepSettings.full(List.of(Server.REACTOR)),
        SweepSettings.quick(List.of(Server.REACTOR)))) {
      for (SweepLoad load : settings.loads()) {
        assertTrue(load.littlesLawLimit() <= SweepLoad.MAX_OFFERED_RATE, load::label);
        assertTrue(load.connections() <= Server.MAX_CONNECTIONS, load::label);
        assertTrue(load.wrkTimeout().compareTo(load.sleep().plusSeconds(4)) > 0, load::label);
        assertEquals(0, load.wrkTimeout().toNanos() % 1_000_000_000L, "wrk takes whole seconds");
      }
    }
    assertEquals(List.of(250, 1_000, 2_500, 5_000, 10_000, 15_000), SweepSettings.full(List.of(Server.LOOM)).loads()
        .stream().map(SweepLoad::connections).toList());
  }

  @Test
  void aStepThatDoesNotFitTheOpenFileLimitSaysWhy() {
    assertEquals(Optional.empty(), SweepLoad.of(15_000).whyItCannotRun(20_000));
    assertEquals(Optional.of("needs about 15,500 open files in the server and in wrk, and the limit is 12,000"
        + " (ulimit -n)"), SweepLoad.of(15_000).whyItCannotRun(12_000));
    assertEquals(Optional.empty(), SweepLoad.of(15_000).whyItCannotRun(Long.MAX_VALUE));
  }

  @Test
  void badStepsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> SweepLoad.of(0));
    assertThrows(IllegalArgumentException.class, () -> new SweepLoad(10, Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> new SweepSettings(List.of(Server.REACTOR),
        List.of(SweepLoad.of(1_000), SweepLoad.of(250)), Duration.ofSeconds(1), Duration.ofSeconds(1)));
    assertThrows(IllegalArgumentException.class, () -> new SweepSettings(List.of(),
        List.of(SweepLoad.of(1_000)), Duration.ofSeconds(1), Duration.ofSeconds(1)));
  }
}
