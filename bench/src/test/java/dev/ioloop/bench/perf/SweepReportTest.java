package dev.ioloop.bench.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep's tables from made-up steps: a row per step, a column per server, growths marked, skips said. */
class SweepReportTest {
  static final SweepSettings SETTINGS = new SweepSettings(List.of(Server.REACTOR, Server.LOOM),
      List.of(SweepLoad.of(1_000), SweepLoad.of(5_000), SweepLoad.of(15_000)), Duration.ofSeconds(4),
      Duration.ofSeconds(2));

  /** reactor: 20, 21 µs; loom: 20, 35 µs (×1.75, marked); 15,000 connections skipped. */
  static List<SweepStep> madeUpSteps() {
    return List.of(
        step(Server.REACTOR, 1_000, 9_800, 20, 1_500),
        step(Server.LOOM, 1_000, 9_700, 20, 2_500),
        step(Server.REACTOR, 5_000, 48_000, 21, 1_400),
        new SweepStep(Server.LOOM, SweepLoad.of(5_000), 160_000, 40_000, 12, 35, 150,
            new Results.Memory(0, Double.NaN, Double.NaN), 48));
  }

  /** A 4 s run at {@code rate}; 30 µs a connection opened. */
  private static SweepStep step(Server server, int connections, double rate, double cpu, double heap) {
    return new SweepStep(server, SweepLoad.of(connections), (long) rate * 4, rate, 0, cpu, 60,
        new Results.Memory(connections, heap, heap * 2), 30);
  }

  private static SweepReport report() {
    return new SweepReport(SETTINGS, madeUpSteps(), List.of(new SweepSkip(SweepLoad.of(15_000), "too many files")),
        "## Sweep of today\n");
  }

  @Test
  void aTablePerFigureWithARowPerStep() {
    String markdown = report().markdown();
    assertTrue(markdown.startsWith("## Sweep of today\n"), markdown);
    assertTrue(markdown.contains("| connections, sleep (Little's law) | reactor | loom |\n|---|---|---|\n"
        + "| 1,000 conn., 100 ms (10,000 req/s) | 0.98 | 0.97 |\n"
        + "| 5,000 conn., 100 ms (50,000 req/s) | 0.96 | 0.80, 12 errors |\n"
        + "| 15,000 conn., 300 ms (50,000 req/s) | skipped | skipped |\n"), markdown);
    assertTrue(markdown.contains("| 1,000 conn., 100 ms | 20.0 | 20.0 |\n| 5,000 conn., 100 ms | 21.0 | 35.0 **×1.8** |"),
        markdown);
    assertTrue(markdown.contains("| 1,000 conn., 100 ms | 1,500 | 2,500 |\n| 5,000 conn., 100 ms | 1,400 | not held |"),
        markdown);
    assertTrue(markdown.contains("| 1,000 conn., 100 ms | 60 | 60 |\n| 5,000 conn., 100 ms | 60 | 150 |"), markdown);
    assertTrue(markdown.contains("- Skipped 15,000 conn., 300 ms: too many files\n"), markdown);
    assertTrue(markdown.contains("| 1,000 conn., 100 ms | 30.0 | 30.0 |\n| 5,000 conn., 100 ms | 30.0 | 48.0 |"),
        markdown);
    // 5,000 connections at 48 µs each over 160,000 requests: 1.5 µs of loom's 35 a request.
    assertTrue(markdown.contains("- loom at 5,000 conn., 100 ms: ×1.8, 35.0 µs a request; opening its 5,000"
        + " connections (48.0 µs each, 32.0 requests a connection in the run) accounts for 1.5 µs of it\n"), markdown);
  }

  @Test
  void onlyACostGrowingMoreThanHalfAgainOverTheServersPreviousStepIsMarked() {
    List<SweepReport.CostGrowth> growths = report().costGrowths();
    assertEquals(1, growths.size(), growths::toString);
    assertEquals(Server.LOOM, growths.getFirst().step().server());
    assertEquals(1.75, growths.getFirst().times(), 1e-9);
    SweepReport steady = new SweepReport(SETTINGS, madeUpSteps().subList(0, 3), List.of(), "");
    assertEquals(List.of(), steady.costGrowths());
    assertTrue(steady.markdown().contains("none in this run."), steady::markdown);
  }

  /** A server far past its capacity that answered nothing in the run has no cost per request, not one per 1. */
  @Test
  void aStepWithNoAnswerHasNoCostPerRequest() {
    List<SweepStep> steps = List.of(step(Server.REACTOR, 1_000, 9_800, 20, 1_500),
        new SweepStep(Server.REACTOR, SweepLoad.of(5_000), 0, 0, 0, Double.NaN, 40,
            new Results.Memory(5_000, 9_000, 9_000), 300));
    SweepReport report = new SweepReport(SETTINGS, steps, List.of(), "");
    assertTrue(report.markdown().contains("| 1,000 conn., 100 ms | 20.0 | – |\n| 5,000 conn., 100 ms | no answer | – |"),
        report::markdown);
    assertEquals(List.of(), report.costGrowths());
  }

  @Test
  void theSweepKeepsTheBenchsSectionAndItsOwnIsReplaced(@TempDir Path directory) throws Exception {
    Path file = directory.resolve("performance.md");
    Files.writeString(file, "# Performance\n\n" + Report.BEGIN + "\nbench figures\n" + Report.END + "\n\nhand text\n");
    report().writeInto(file);
    new SweepReport(SETTINGS, madeUpSteps(), List.of(), "## Sweep of tomorrow\n").writeInto(file);
    String updated = Files.readString(file);
    assertTrue(updated.startsWith("# Performance\n\n" + Report.BEGIN + "\nbench figures\n" + Report.END
        + "\n\nhand text\n\n" + SweepReport.SECTION.begin() + "\n## Sweep of tomorrow\n"), updated);
    assertFalse(updated.contains("Sweep of today"), updated);
    assertTrue(updated.endsWith(SweepReport.SECTION.end() + "\n"), updated);
  }
}
