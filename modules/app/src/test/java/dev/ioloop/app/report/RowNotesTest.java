package dev.ioloop.app.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ioloop.api.server.ServerStats;
import dev.ioloop.app.load.CpuSamples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's CPU per request beside req/s, and the note beside a row whose req/s ranks its server below another
 * that spent more CPU on each request: the demo's reactor against loom on shared cores, in made-up figures.
 */
class RowNotesTest {
  private static final String SHARED = "server and load generator share every core";
  private static final long START_EPOCH_MS = 1_700_000_000_000L;

  @TempDir Path root;

  @Test
  void theLoadedWindowLeavesOutStartUpAndTheReportAndGivesCpuPerRequest() {
    // idle 2 samples (the sampler's own requests), 8 loaded at 2,000 requests and 20 ms of CPU each, idle after
    List<StatsSample> samples = samples(2, 8, 2, 2_000, 20_000_000L);
    LoadedWindow window = LoadedWindow.of(samples).orElseThrow();
    assertEquals(250, window.fromMillis());
    assertEquals(2_250, window.toMillis());
    assertEquals(16_000, window.requests());
    assertEquals(10.0, window.cpuMicrosPerRequest(), 1e-9);
    assertEquals(0.08, window.serverCores(), 1e-9, "160 ms of CPU in 2 s");
    assertEquals(8_000, window.earlyPerSecond(), 1e-9, "2,000 requests a 250 ms sample");
    assertEquals(8_000, window.latePerSecond(), 1e-9);
    assertTrue(LoadedWindow.of(samples.subList(0, 1)).isEmpty(), "one sample is no window");
  }

  @Test
  void aServerWithFewerRequestsButLessCpuEachIsNotedBesideItsRow() throws IOException {
    Comparison comparison = Comparison.of(List.of(
        // 10 µs a request but only 1,000 requests a period: it was given less CPU
        sampled("Hello", "reactor", 4_000, samples(1, 8, 1, 1_000, 10_000_000L), SHARED, 1.1),
        // 20 µs a request, twice the rate
        sampled("Hello", "loom", 8_000, samples(1, 8, 1, 2_000, 40_000_000L), SHARED, 0.9)));
    ServerRun reactor = comparison.run("Hello", "reactor").orElseThrow();
    ServerRun loom = comparison.run("Hello", "loom").orElseThrow();

    assertEquals("Gatling shared the cores (it used 1.1 of 2); fewer req/s than loom yet less CPU per request (10.0"
        + " against 20.0 µs): it used 0.04 cores, loom 0.16", RowNotes.of(comparison, reactor));
    assertEquals("Gatling shared the cores (it used 0.9 of 2)", RowNotes.of(comparison, loom));

    String table = ComparisonTable.text(comparison);
    assertTrue(table.lines().findFirst().orElseThrow().contains("CPU µs/req  Assertions  Note"), table);
    assertTrue(table.contains("  10.0  held        Gatling shared the cores (it used 1.1 of 2); fewer req/s than loom"), table);

    Document page = Jsoup.parse(ComparisonPage.render(comparison, root));
    Element reactorRow = page.select("#summary tbody tr").first();
    assertEquals("10.0", reactorRow.child(ComparisonTable.headers().indexOf("CPU µs/req")).text());
    Element note = reactorRow.selectFirst("td.note");
    assertTrue(note.text().startsWith("Gatling shared the cores (it used 1.1 of 2); fewer req/s than loom"), note::text);
    assertEquals("Where each side ran: " + SHARED + ".", page.selectFirst("#placement").text());
  }

  @Test
  void onDisjointCoresOnlyTheCpuDifferenceIsNotedAndWithinTheMarginNothing() throws IOException {
    String partitioned = "server on CPU 0, load generator on CPU 1 (taskset; disjoint)";
    Comparison comparison = Comparison.of(List.of(
        sampled("Hello", "reactor", 9_000, samples(1, 8, 1, 2_000, 20_000_000L), partitioned, 0.6),
        sampled("Hello", "loom", 9_500, samples(1, 8, 1, 2_000, 21_000_000L), partitioned, 0.6)));
    comparison.runs().forEach(run -> assertEquals("", RowNotes.of(comparison, run), run.server()));
    Comparison saturated = Comparison.of(List.of(
        sampled("Hello", "reactor", 9_000, samples(1, 8, 1, 2_000, 20_000_000L), partitioned, 0.95)));
    assertEquals("Gatling kept its core busy (0.95): it may have set the pace",
        RowNotes.of(saturated, saturated.runs().getFirst()));
    assertEquals("Where each side ran: " + partitioned + ".",
        Jsoup.parse(ComparisonPage.render(comparison, root)).selectFirst("#placement").text());
  }

  @Test
  void aRateThatKeptRisingThroughTheRunIsNotedAsWarmUp() throws IOException {
    List<StatsSample> rising = new ArrayList<>();
    long answered = 0;
    for (int i = 0; i < 10; i++) {
      answered += i == 0 ? 1 : 500L * i; // 2,000 req/s in the first period, 18,000 in the last
      rising.add(new StatsSample(250L * i, new ServerStats("loom", "loom", 250L * i, answered, 0, 50,
          new ServerStats.Threads(20, 0, 0, 0), ServerStats.Loop.NONE, ServerStats.Pool.NONE, 64L << 20, 32L << 20,
          ServerStats.Latency.NONE, answered * 10_000), 60));
    }
    Comparison comparison = Comparison.of(List.of(sampled("Hello", "loom", 10_000, rising,
        "server on CPU 0, load generator on CPU 1 (taskset; disjoint)", 0.5)));
    assertEquals("the rate was still rising (4000 req/s in the first third of the run, 16000 in the last): warm-up,"
        + " not capacity (--warmup leaves it out)", RowNotes.of(comparison, comparison.runs().getFirst()));
  }

  @Test
  void thePlacementIsReadBackWithGatlingsCpuOverTheLoadedWindow() throws IOException {
    Path results = Files.createDirectories(root.resolve("hello").resolve("reactor"));
    Path report = Files.createDirectories(results.resolve("hellosimulation-1"));
    List<StatsSample> samples = samples(2, 8, 2, 2_000, 20_000_000L);
    StatsSamples.write(report, samples);
    StatsSamples.writeStart(report, START_EPOCH_MS);
    Placement.write(report, SHARED, false);
    // Gatling's JVM: 1.5 cores of 2 while loaded (250 ms of wall, 375 ms of CPU a sample), idle before
    List<CpuSamples.Sample> cpu = new ArrayList<>();
    for (int i = 0; i <= 12; i++) {
      cpu.add(new CpuSamples.Sample(START_EPOCH_MS + 250L * i, i < 1 ? 0 : 375L * (i - 1)));
    }
    new CpuSamples(2, cpu).write(results);

    Placement placement = Placement.read(report, LoadedWindow.of(samples), StatsSamples.readStart(report));
    assertEquals(SHARED, placement.cpus());
    assertEquals(false, placement.partitioned());
    assertEquals(1.5, placement.loadCores(), 1e-9);
    assertEquals(2, placement.loadCpus());
    assertEquals(Placement.UNKNOWN, Placement.read(root, LoadedWindow.of(samples), StatsSamples.readStart(root)), "a report without the file");
  }

  private ServerRun sampled(String scenario, String server, double perSecond, List<StatsSample> samples, String cpus,
      double loadCores) throws IOException {
    ServerRun run = ReportFixtures.run(root, scenario, server, perSecond, 2, 20, 0, samples);
    return new ServerRun(run.server(), run.report(), run.samples(), List.of(),
        new Placement(cpus, !cpus.equals(SHARED), loadCores, cpus.equals(SHARED) ? 2 : 1), Optional.empty());
  }

  /**
   * A sample every 250 ms: {@code idleBefore} without load, {@code loaded} each adding {@code requests} and
   * {@code cpuNanos}, {@code idleAfter} without load (one request each: the sampler's own).
   */
  private static List<StatsSample> samples(int idleBefore, int loaded, int idleAfter, long requests, long cpuNanos) {
    List<StatsSample> samples = new ArrayList<>();
    long answered = 0;
    long cpu = 0;
    for (int i = 0; i < idleBefore + loaded + idleAfter; i++) {
      boolean load = i >= idleBefore && i < idleBefore + loaded;
      answered += load ? requests : 1;
      cpu += load ? cpuNanos : 100_000;
      samples.add(new StatsSample(250L * i, new ServerStats("reactor", "reactor", 250L * i, answered, 0, 50,
          new ServerStats.Threads(20, 0, 0, 0), ServerStats.Loop.NONE, ServerStats.Pool.NONE, 64L << 20, 32L << 20,
          ServerStats.Latency.NONE, cpu), 60));
    }
    return samples;
  }
}
