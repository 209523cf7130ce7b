package dev.ioloop.bench.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ioloop.bench.perf.SpreadRun.Mode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What --spread makes of its rounds, and where it writes them. */
class SpreadReportTest {
  @Test
  void theSpreadIsMaxMinusMinOverTheMedian() {
    SpreadReport.Spread spread = SpreadReport.Spread.of(List.of(90.0, 110.0, 100.0, 95.0, 120.0)).orElseThrow();
    assertEquals(new SpreadReport.Spread(100, 90, 120), spread);
    assertEquals(0.30, spread.relative(), 1e-9);
    assertTrue(SpreadReport.Spread.of(List.of()).isEmpty());
  }

  private static SpreadReport madeUp() {
    Map<Mode, Results> results = new EnumMap<>(Mode.class);
    results.put(Mode.PARTITIONED, new Results());
    results.put(Mode.SHARED, new Results());
    for (double rate : List.of(100_000.0, 98_000.0, 102_000.0)) {
      results.get(Mode.PARTITIONED).add(Scenario.HELLO, Server.REACTOR, new Results.Sample(rate, 1, 0, 6.0));
    }
    for (double rate : List.of(100_000.0, 70_000.0, 120_000.0)) {
      results.get(Mode.SHARED).add(Scenario.HELLO, Server.REACTOR, new Results.Sample(rate, 1, 0, rate / 10_000));
    }
    return new SpreadReport(SpreadRun.Plan.quick(List.of(Server.REACTOR)), results, "## Spread run of today\n");
  }

  @Test
  void aRowPerServerScenarioAndModeWithMedianMinMaxAndSpread() {
    String markdown = madeUp().markdown();
    assertTrue(markdown.contains("| reactor | /api/hello, 64 connections | partitioned | 100,000 | 98,000 | 102,000 |"
        + " **4 %** | 6.0 | 6.0 | 6.0 | **0 %** |"), markdown);
    assertTrue(markdown.contains("| reactor | /api/hello, 64 connections | shared | 100,000 | 70,000 | 120,000 |"
        + " **50 %** | 10.0 | 7.0 | 12.0 | **50 %** |"), markdown);
    assertTrue(markdown.contains("| reactor | /api/sleep?ms=100, 5,000 connections | shared | – | – | – | – |"),
        markdown);
  }

  @Test
  void itWritesItsOwnSectionAndLeavesTheBenchsAlone(@TempDir Path directory) throws Exception {
    Path file = directory.resolve("performance.md");
    String bench = Report.BEGIN + "\nthe bench's figures\n" + Report.END + "\n";
    Files.writeString(file, "# Performance\n\n" + bench + "\n## Spread\n\n" + SpreadReport.SECTION.begin()
        + "\nnot run yet\n" + SpreadReport.SECTION.end() + "\n\n## Afterwards\n");
    madeUp().writeInto(file);
    String updated = Files.readString(file);
    assertTrue(updated.startsWith("# Performance\n\n" + bench + "\n## Spread\n\n" + SpreadReport.SECTION.begin()
        + "\n## Spread run of today\n"), updated);
    assertTrue(updated.endsWith(SpreadReport.SECTION.end() + "\n\n## Afterwards\n"), updated);
    assertTrue(!updated.contains("not run yet"), updated);
  }
}
