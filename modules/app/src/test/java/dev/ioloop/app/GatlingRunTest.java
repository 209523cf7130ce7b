package dev.ioloop.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ioloop.app.report.Comparison;
import dev.ioloop.app.report.ComparisonPage;
import dev.ioloop.app.report.GatlingReport;
import dev.ioloop.app.report.GatlingReportParser;
import dev.ioloop.app.report.MeasuredPhase;
import dev.ioloop.app.report.ReportFormatException;
import dev.ioloop.app.report.RequestStats;
import dev.ioloop.app.report.ServerRun;
import dev.ioloop.app.report.SimulationLog;
import dev.ioloop.app.load.GatlingInstallation;
import dev.ioloop.tooling.cli.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
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
 * Real Gatling runs, in the build: the shared simulations launched by {@code ./ioloop load} against a loopback
 * server, and their real reports read back. A Gatling release that changes its report breaks this test, not a demo.
 * Three short runs (about 5 s each) serve every test here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class GatlingRunTest {
  @TempDir static Path work;
  private TinyLabServer server;
  private CommandRun hello;
  private long helloAnswered;
  private CommandRun mixed;
  private CommandRun warmed;
  private long warmedAnswered;

  @BeforeAll
  void runTwoSimulations() throws IOException {
    server = TinyLabServer.start();
    hello = CommandRun.of("load", "hello", "--target", server.url().toString(), "--users", "3",
        "--duration", "1.5", "--ramp", "0", "--label", "tiny", "--results", work.resolve("hello").toString(),
        "--log", work.resolve("hello.log").toString());
    helloAnswered = server.helloRequests();
    // The tiny server answers only /api/hello: Mixed's noblock, sleep and cpu requests all fail their checks.
    mixed = CommandRun.of("load", "Mixed", "--target", server.url().toString(), "--users", "3",
        "--duration", "1.5", "--ramp", "0", "--label", "tiny <b>&</b> é",
        "--results", work.resolve("mixed").toString(), "--log", work.resolve("mixed.log").toString());
    long before = server.helloRequests();
    warmed = CommandRun.of("load", "hello", "--target", server.url().toString(), "--users", "3",
        "--warmup", "1", "--duration", "1.5", "--ramp", "0", "--label", "warmed",
        "--results", work.resolve("warmed").toString(), "--log", work.resolve("warmed.log").toString());
    warmedAnswered = server.helloRequests() - before;
  }

  @AfterAll
  void stopServer() {
    server.close();
  }

  @Test
  void aRunWhoseAssertionsHoldExitsZeroAndSaysWhereItsReportIs() throws IOException {
    assertEquals(0, hello.exitCode(), () -> hello + log("hello.log"));
    assertTrue(Files.isRegularFile(hello.report().resolve("index.html")), hello::out);
    assertTrue(hello.report().startsWith(work.resolve("hello")), hello::out);
  }

  @Test
  void theReportCountsEveryRequestTheServerAnsweredButTheProbeAndTheWarmUp() throws IOException {
    GatlingReport report = GatlingReportParser.parse(hello.report());
    RequestStats global = report.global();
    assertTrue(global.total() > 0, report::toString);
    // Two /api/hello requests are not the load's: ./ioloop load's check that the target is up, and Gatling's
    // warm-up request (sent to /api/hello, docs/contract.md). Every other one is in the statistics.
    assertEquals(helloAnswered - 2, global.total(), report::toString);
    assertEquals(global.total(), global.ok());
    assertEquals(0, global.ko());
    assertEquals(0.0, global.koPercent());
    assertTrue(global.perSecond() > 0, report::toString);
    assertTrue(global.min() <= global.p50() && global.p50() <= global.p75() && global.p75() <= global.p95()
        && global.p95() <= global.p99() && global.p99() <= global.max(), () -> "percentiles in order: " + global);
    assertEquals(List.of("hello"), report.requests().stream().map(RequestStats::name).toList());
    assertEquals(global.total(), report.requests().getFirst().total());
  }

  @Test
  void theReportNamesTheSimulationAndTheServer() throws IOException {
    GatlingReport report = GatlingReportParser.parse(hello.report());
    assertEquals("HelloSimulation", report.simulation());
    assertEquals("Hello", report.scenario());
    assertEquals("tiny", report.description());
    assertEquals("tiny <b>&</b> é", GatlingReportParser.parse(mixed.report()).description(), "markup stays text");
    assertFalse(report.date().isBlank(), report::toString);
    assertEquals(3, report.assertions().size(), report::toString);
    assertTrue(report.assertionsHeld(), report::toString);
  }

  @Test
  void failedChecksAreCountedPerRequestAndAFailedAssertionExitsOne() throws IOException {
    assertEquals(ExitCode.CHECK_FAILED, mixed.exitCode(), () -> mixed + log("mixed.log"));
    assertTrue(mixed.out().contains("an assertion of the simulation failed"), mixed::out);
    GatlingReport report = GatlingReportParser.parse(mixed.report());
    Map<String, RequestStats> byName = report.requests().stream()
        .collect(Collectors.toMap(RequestStats::name, Function.identity()));
    assertEquals(java.util.Set.of("hello", "noblock", "sleep", "cpu"), byName.keySet(), report::toString);
    assertEquals(0, byName.get("hello").ko(), report::toString);
    for (String failing : List.of("noblock", "sleep", "cpu")) {
      RequestStats stats = byName.get(failing);
      assertEquals(stats.total(), stats.ko(), () -> failing + " answered 404: " + stats);
      assertEquals(100.0, stats.koPercent());
    }
    long failed = byName.values().stream().mapToLong(RequestStats::ko).sum();
    assertEquals(failed, report.global().ko(), report::toString);
    assertFalse(report.assertionsHeld(), report::toString);
    assertTrue(report.assertions().stream().anyMatch(a -> !a.held() && a.statement().contains("failed events")),
        report::toString);
  }

  @Test
  void gatlingsOwnReaderReadsEveryRecordOfTheRunsLog() throws IOException {
    // Pins SimulationLog to the Gatling release of the build: its log format is binary and undocumented.
    List<Path> gatling = GatlingInstallation.in(ProjectRoot.find()).classpath();
    GatlingReport report = GatlingReportParser.parse(mixed.report());
    SimulationLog log = SimulationLog.read(mixed.report(), gatling);
    assertEquals("dev.ioloop.loadtests.MixedSimulation", log.simulation());
    assertEquals(report.global().total(), log.requests().size(), log.requests()::toString);
    for (RequestStats stats : report.requests()) {
      List<SimulationLog.Request> named = log.requests(stats.name());
      assertEquals(stats.total(), named.size(), stats::toString);
      assertEquals(stats.ko(), named.stream().filter(r -> !r.ok()).count(), stats::toString);
    }
    for (SimulationLog.Request request : log.requests()) {
      assertTrue(request.startMillis() >= log.runStartMillis() && request.endMillis() >= request.startMillis(),
          request::toString);
    }
    assertEquals(3, log.users().stream().filter(SimulationLog.UserEvent::start).count(), log.users()::toString);
    assertEquals(3, log.users().stream().filter(u -> !u.start()).count(), log.users()::toString);
    SimulationLog hellos = SimulationLog.read(hello.report().resolve(SimulationLog.FILE_NAME), gatling);
    assertTrue(hellos.requests().stream().allMatch(SimulationLog.Request::ok), hellos.requests()::toString);
    assertEquals(helloAnswered - 2, hellos.requests().size());
  }

  /**
   * The simulations' warm-up group and the app's name for it are one: the figures read back leave out exactly the
   * requests Gatling's report puts in the warm-up's group, and the assertions are the measured group's.
   */
  @Test
  void aWarmUpsRequestsAreLeftOutOfTheFiguresAndTheAssertions() throws IOException {
    assertEquals(0, warmed.exitCode(), () -> warmed + log("warmed.log"));
    GatlingReport report = GatlingReportParser.parse(warmed.report());
    assertTrue(report.hasWarmUp(), report::toString);
    RequestStats warmUp = report.requests().stream()
        .filter(row -> row.name().equals(SimulationLog.WARM_UP_GROUP)).findFirst().orElseThrow();
    assertTrue(warmUp.total() > 0, report::toString);
    assertEquals(warmedAnswered - 2, report.global().total(), "Gatling's own report counts both phases");
    assertTrue(report.assertions().stream().allMatch(a -> a.statement().startsWith("measured: ")),
        report::toString);

    ServerRun run = ServerRun.read(warmed.report(), GatlingInstallation.in(ProjectRoot.find()).classpath());
    assertEquals(report.global().total() - warmUp.total(), run.report().global().total(), run::toString);
    assertEquals(run.report().global().total(), run.report().requests().getFirst().total());
    assertEquals(List.of("hello"), run.report().requests().stream().map(RequestStats::name).toList());
    MeasuredPhase phase = run.measured().orElseThrow();
    // the loop times its 1 s from the user's start, a little before its first request
    assertTrue(phase.warmUpSeconds() >= 0.9 && phase.warmUpSeconds() < 3, phase::toString);
    assertTrue(phase.seconds() >= 1.4 && phase.seconds() < 4, phase::toString);
    assertEquals(run.report().global().total() * 1000.0 / (phase.toMillis() - phase.fromMillis()),
        run.report().global().perSecond(), 1e-6, "req/s over the measured phase");

    Path out = work.resolve("warmed-comparison");
    CommandRun compare = CommandRun.of("compare", work.resolve("warmed").toString(), "--out", out.toString());
    assertEquals(0, compare.exitCode(), compare::toString);
    assertEquals(ComparisonPage.counted(Comparison.of(List.of(run))) + "; times in ms.",
        Jsoup.parse(out.resolve("comparison.html").toFile()).selectFirst("#counted").text().split(" CPU µs")[0]);
  }

  @Test
  void aChangedReportLayoutFailsLoudlyNamingWhatIsMissing() throws IOException {
    Path copy = work.resolve("changed-report");
    Files.createDirectories(copy);
    Document page = Jsoup.parse(hello.report().resolve("index.html").toFile());
    page.select("#container_statistics_head th:contains(95th pct)").remove();
    Files.writeString(copy.resolve("index.html"), page.outerHtml());
    ReportFormatException changed = assertThrows(ReportFormatException.class, () -> GatlingReportParser.parse(copy));
    assertTrue(changed.getMessage().contains("no column '95th pct'"), changed::getMessage);
  }

  @Test
  void compareWritesTheTableAndBothFilesWithARowAndALinkPerRun() throws IOException {
    Path out = work.resolve("comparison");
    CommandRun compare = CommandRun.of("compare", work.resolve("hello").toString(),
        work.resolve("mixed").toString(), "--out", out.toString());
    assertEquals(0, compare.exitCode(), compare::toString);
    assertTrue(compare.out().contains("Hello") && compare.out().contains("Mixed"), compare::out);
    Document page = Jsoup.parse(out.resolve("comparison.html").toFile());
    assertEquals(2, page.select("#summary tbody tr").size(), page::outerHtml);
    for (var link : page.select("#summary a[href]")) {
      assertTrue(Files.isRegularFile(out.resolve(link.attr("href"))), () -> "a dead link: " + link);
    }
    String markdown = Files.readString(out.resolve("comparison.md"));
    assertEquals(4, markdown.lines().count(), markdown); // header, separator, two runs
  }

  private String log(String name) {
    try (Stream<String> lines = Files.lines(work.resolve(name))) {
      return "\n" + lines.collect(Collectors.joining("\n"));
    } catch (IOException e) {
      return "\n(no " + name + ")";
    }
  }
}
