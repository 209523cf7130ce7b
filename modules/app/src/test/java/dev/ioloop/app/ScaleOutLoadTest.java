package dev.ioloop.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ioloop.app.load.GatlingInstallation;
import dev.ioloop.app.report.GatlingReportParser;
import dev.ioloop.app.report.SimulationLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./ioloop load --injectors 2} for real, on loopback: two injector JVMs, each with its own Gatling run, then
 * the merge. Pins the simulation.log reader to the Gatling release in use: each log read through SimulationLog must
 * count what Gatling's own report of it counts, and the merged row the sum of both.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ScaleOutLoadTest {
  @TempDir static Path work;
  private TinyLabServer server;
  private CommandRun run;
  private Path runDirectory;

  @BeforeAll
  void twoInjectors() throws IOException {
    server = TinyLabServer.start();
    runDirectory = work.resolve("scaled");
    run = CommandRun.of("load", "hello", "--target", server.url().toString(), "--users", "5", "--duration", "2",
        "--ramp", "0", "--label", "tiny", "--injectors", "2", "--run", "scaled", "--results", runDirectory.toString());
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private List<Path> injectorReports() throws IOException {
    try (Stream<Path> files = Files.walk(runDirectory, 3)) {
      return files.filter(dir -> Files.isRegularFile(dir.resolve("index.html"))).sorted().toList();
    }
  }

  @Test
  void eachInjectorHasItsShareAndItsOwnLogInAFolderNamedForTheRunAndK() throws IOException {
    assertEquals(0, run.exitCode(), run::toString);
    List<Path> reports = injectorReports();
    assertEquals(2, reports.size(), reports::toString);
    for (int k = 1; k <= 2; k++) {
      Path folder = runDirectory.resolve("injector-" + k);
      Properties info = new Properties();
      try (var reader = Files.newBufferedReader(folder.resolve("injector.properties"))) {
        info.load(reader);
      }
      assertEquals("scaled", info.getProperty("run"));
      assertEquals(k == 1 ? "3" : "2", info.getProperty("users"), "5 users: 3 and 2");
      // What it actually offered and its CPU use, measured by the injector itself from its log and samples.
      assertTrue(Long.parseLong(info.getProperty("measured_requests")) > 0, info::toString);
      assertTrue(Double.parseDouble(info.getProperty("measured_offered_per_s")) > 0, info::toString);
      assertTrue(Files.isRegularFile(folder.resolve("cpu.tsv")));
      assertTrue(Files.isRegularFile(reports.get(k - 1).resolve("simulation.log")));
      assertTrue(reports.get(k - 1).startsWith(folder));
    }
  }

  @Test
  void theLogReaderCountsWhatGatlingsOwnReportCountsAndTheMergeIsTheirSum() throws IOException {
    List<Path> classpath = GatlingInstallation.in(ProjectRoot.find()).classpath();
    long sum = 0;
    for (Path report : injectorReports()) {
      SimulationLog log = SimulationLog.read(SimulationLog.in(report), classpath);
      var gatling = GatlingReportParser.parse(report).global();
      assertEquals(gatling.total(), log.requests().size(), report::toString);
      assertEquals(gatling.ok(), log.requests().stream().filter(SimulationLog.Request::ok).count());
      assertTrue(log.requests().stream().allMatch(r -> r.name().equals("hello") && r.endMillis() >= r.startMillis()));
      sum += gatling.total();
    }
    assertTrue(sum > 0);
    // The merged run's assertions are the injectors' own, each named for its injector.
    assertTrue(run.out().contains("held"), run::out);
    assertTrue(run.out().contains("merged: " + sum + " requests = the sum of the 2 logs (" + sum + ")"), run::out);
    Document page = Jsoup.parse(runDirectory.resolve("comparison.html").toFile());
    assertTrue(page.select("#summary td").eachText().contains(String.valueOf(sum)), page::outerHtml);
    List<String> injectors = page.select("#injectors tr.injector td:eq(2)").eachText();
    assertEquals(2, injectors.size(), injectors::toString);
    assertTrue(injectors.get(0).startsWith("injector 1/2") && injectors.get(1).startsWith("injector 2/2"));
  }
}
