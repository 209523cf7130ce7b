package dev.ioloop.app.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The warm-up's requests left out of a run's figures, on records as Gatling's reader hands them over. */
class MeasuredPhaseTest {
  private static final long RUN_START = 1_700_000_000_000L;

  @TempDir Path root;

  /**
   * A run as a cold Gatling JVM makes one: 2 s of warm-up at 1 request every 10 ms, each taking 50 ms, one failing;
   * then 4 s measured at 1 request a millisecond, each taking 2 ms.
   */
  private static List<SimulationLog.Request> coldThenWarm() {
    List<SimulationLog.Request> requests = new ArrayList<>();
    for (long at = 0; at < 2_000; at += 10) {
      requests.add(new SimulationLog.Request("hello", RUN_START + at, RUN_START + at + 50, at != 500, true));
    }
    for (long at = 2_000; at < 6_000; at++) {
      requests.add(new SimulationLog.Request("hello", RUN_START + at, RUN_START + at + 2, true, false));
    }
    return requests;
  }

  @Test
  void theFiguresAreTheMeasuredRequestsOnly() {
    SimulationLog log = new SimulationLog("dev.ioloop.loadtests.HelloSimulation", RUN_START, coldThenWarm(),
        List.of());
    RequestTable table = RequestTable.of(log.measured());
    assertEquals(4_000, table.global().total());
    assertEquals(0, table.global().ko(), "the warm-up's failure is not the measured phase's");
    assertEquals(2, table.global().max(), "nor are its slow answers");
    assertEquals(4_000 / 4.001, table.global().perSecond(), 1e-6, "over the measured span, not the run");
    assertEquals(List.of("hello"), table.requests().stream().map(RequestStats::name).toList());

    MeasuredPhase phase = MeasuredPhase.of(log.requests()).orElseThrow();
    assertEquals(new MeasuredPhase(2_000, RUN_START + 2_000, RUN_START + 6_001), phase);
    assertEquals(2.0, phase.warmUpSeconds());
    assertEquals(4.001, phase.seconds(), 1e-9);
    assertEquals(new MeasuredPhase(2_000, 2_500, 6_501), phase.since(RUN_START - 500), "on the samples' clock");
  }

  @Test
  void aRunWithoutAWarmUpCountsEveryRequest() {
    List<SimulationLog.Request> measured = coldThenWarm().stream().filter(request -> !request.warmUp()).toList();
    SimulationLog log = new SimulationLog("dev.ioloop.loadtests.HelloSimulation", RUN_START, measured, List.of());
    assertEquals(log.requests(), log.measured());
    assertEquals(Optional.empty(), MeasuredPhase.of(log.requests()));
  }

  @Test
  void thePageSaysWhatItsFiguresCount() throws Exception {
    ServerRun plain = ReportFixtures.run(root, "Hello", "loom", 1_000, 1, 5, 0, List.of());
    assertTrue(ComparisonPage.counted(Comparison.of(List.of(plain))).startsWith("Each run's \"All Requests\" row"));
    ServerRun reactor = warmed(ReportFixtures.run(root, "Hello", "reactor", 1_000, 1, 5, 0, List.of()), 12_100);
    ServerRun loom = warmed(plain, 11_800);
    assertEquals("Figures from the 12 s after a 5 s warm-up, whose requests are left out: each run's requests after"
        + " it in its simulation.log (its Gatling report counts both), the CPU over the same span",
        ComparisonPage.counted(Comparison.of(List.of(reactor, loom))));
    ServerRun jetty = warmed(ReportFixtures.run(root, "Hello", "jetty", 1_000, 1, 5, 0, List.of()), 13_000);
    assertTrue(ComparisonPage.counted(Comparison.of(List.of(reactor, jetty, plain)))
        .startsWith("Figures from the 12-13 s after a 5 s warm-up"));
    assertTrue(ComparisonPage.counted(Comparison.of(List.of(reactor, jetty, plain)))
        .endsWith("(2 of 3 runs; the others had no warm-up and count every request)"));
  }

  private static ServerRun warmed(ServerRun run, long measuredMillis) {
    return new ServerRun(run.server(), run.report(), run.samples(), run.injectors(), run.placement(),
        Optional.of(new MeasuredPhase(5_000, 7_000, 7_000 + measuredMillis)));
  }
}
