package dev.ioloop.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ioloop.app.load.GatlingInstallation;
import dev.ioloop.app.report.Comparison;
import dev.ioloop.app.report.Reports;
import dev.ioloop.app.report.ServerRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's whole pipeline, bounded: the backend and the four servers as separate JVMs, a second of warm-up and a
 * couple of seconds of /api/noblock on each, sampled, compared. No assertion on speed (two shared cores): on the
 * answers only.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class DemoSmokeTest {
  @TempDir Path out;

  @Test
  void everyServerAnswersEveryNoBlockRequestAndTheComparisonHasARowPerServer() throws IOException {
    CommandRun demo = CommandRun.of("demo", "--scenarios", "noblock", "--users", "5",
        "--warmup", "1", "--duration", "2", "--ramp", "0", "--out", out.toString());

    assertEquals(0, demo.exitCode(), () -> demo + logs());
    List<ServerRun> runs = new ArrayList<>();
    for (Path report : Reports.find(List.of(out))) {
      runs.add(ServerRun.read(report, GatlingInstallation.in(ProjectRoot.find()).classpath()));
    }
    Comparison comparison = Comparison.of(runs);
    assertEquals(List.of("NoBlock"), comparison.scenarios());
    assertEquals(List.of("jetty", "loom", "platform", "reactor"), comparison.servers().stream().sorted().toList());
    for (ServerRun run : runs) {
      assertTrue(run.report().global().total() > 0, run::toString);
      assertEquals(0, run.report().global().ko(), () -> run.server() + " failed requests: " + run + logs());
      assertFalse(run.samples().isEmpty(), () -> run.server() + " was not sampled");
      assertTrue(run.measured().isPresent(), () -> run.server() + "'s figures are not those after its warm-up");
      assertEquals(run.server(), run.samples().getLast().stats().engine(), "each sample is of the server loaded");
    }

    Document page = Jsoup.parse(out.resolve("comparison.html").toFile());
    assertEquals(4, page.select("#summary tbody tr").size(), page::outerHtml);
    assertTrue(page.selectFirst("#counted").text().startsWith("Figures from the "), page::outerHtml);
    for (String server : List.of("reactor", "loom", "jetty", "platform")) {
      assertTrue(page.select("#summary tbody td").eachText().contains(server), server);
      assertTrue(demo.out().lines().anyMatch(line -> line.startsWith("NoBlock   " + server)), demo::out);
    }
    assertTrue(demo.out().contains("comparison: " + out.resolve("comparison.html")), demo::out);
    assertTrue(Files.isRegularFile(out.resolve("comparison.md")));
    assertEquals(0, ProcessHandle.current().descendants().count(), "the demo stopped every process it started");
  }

  private String logs() {
    try (Stream<Path> files = Files.list(out.resolve("logs"))) {
      StringBuilder logs = new StringBuilder();
      for (Path log : files.sorted().toList()) {
        logs.append("\n--- ").append(log.getFileName()).append('\n')
            .append(Files.readAllLines(log).stream().limit(60).collect(Collectors.joining("\n")));
      }
      return logs.toString();
    } catch (IOException e) {
      return "\n(no logs: " + e + ")";
    }
  }
}
