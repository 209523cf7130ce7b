package dev.ioloop.bench.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsTest {
  @Test
  void theMedianOfAnOddCountIsTheMiddleOneOfAnEvenCountTheMeanOfTheTwo() {
    assertEquals(Optional.of(3.0), Results.median(List.of(9.0, 1.0, 3.0)));
    assertEquals(Optional.of(2.5), Results.median(List.of(4.0, 1.0, 2.0, 3.0)));
    assertEquals(Optional.empty(), Results.median(List.of()));
  }

  @Test
  void littlesLawFractionAndTargetsComeFromTheMedians() {
    Results results = new Results();
    for (double rate : List.of(44_000.0, 46_000.0, 30_000.0)) { // median 44,000 of 50,000
      results.add(Scenario.SLEEP_5000, Server.REACTOR, new Results.Sample(rate, 120, 0, 12));
    }
    assertEquals(0.88, results.littleFraction(Scenario.SLEEP_5000, Server.REACTOR).orElseThrow(), 1e-9);
    Target reactorSleep = Target.all(results).stream()
        .filter(target -> target.goal().contains("5,000") && target.goal().contains("reactor")).findFirst().orElseThrow();
    assertFalse(reactorSleep.met());
    assertEquals(Optional.of("0.88"), reactorSleep.measured());
  }

  @Test
  void aHeapTargetHoldsWhenOursIsNoLargerThanTheReference() {
    Results results = new Results();
    results.add(Server.REACTOR, new Results.Memory(10_000, 2_000, 3_000));
    results.add(Server.NETTY, new Results.Memory(10_000, 2_500, 5_000));
    Target heap = Target.all(results).stream().filter(t -> t.goal().contains("reactor <= netty")).findFirst()
        .orElseThrow();
    assertTrue(heap.met());
  }

  @Test
  void theReportReplacesOnlyItsOwnSection(@TempDir Path directory) throws Exception {
    Path file = directory.resolve("performance.md");
    Files.writeString(file, "# Performance\n\nwritten by hand\n\n" + Report.BEGIN + "\nold figures\n" + Report.END
        + "\n\n## What the figures mean\n");
    Settings settings = Settings.quick(List.of(Server.REACTOR, Server.NETTY), false);
    new Report(settings, new Results(), Map.of(), "## Run of today\n").writeInto(file);
    String updated = Files.readString(file);
    assertTrue(updated.startsWith("# Performance\n\nwritten by hand\n\n" + Report.BEGIN + "\n## Run of today\n"),
        updated);
    assertFalse(updated.contains("old figures"), updated);
    assertTrue(updated.endsWith(Report.END + "\n\n## What the figures mean\n"), updated);
  }
}
