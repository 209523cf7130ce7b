package dev.ioloop.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ioloop.app.load.GatlingInstallation;
import dev.ioloop.app.report.Reports;
import dev.ioloop.app.report.ServerRun;
import dev.ioloop.app.report.StatsSample;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./ioloop soak} in one minute: 20 s of Mixed on each server, sampled every 2 s (ten samples, enough thirds
 * to judge). Short next to the 10-minute default: it shows the pipeline and the rule on real samples of real
 * servers; docs/reliability.md has the figures of a long run.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SoakSmokeTest {
  @TempDir Path out;

  @Test
  void aShortSoakOfEveryServerFindsEveryResourceBounded() throws IOException {
    CommandRun soak = CommandRun.of("soak", "--duration", "20s", "--sample-period", "2s", "--users", "20",
        "--out", out.toString());

    assertEquals(0, soak.exitCode(), soak::toString);
    assertTrue(soak.out().contains("every resource of every server stayed bounded"), soak::out);
    List<Path> reports = Reports.find(List.of(out));
    assertEquals(4, reports.size(), reports::toString);
    for (Path report : reports) {
      ServerRun run = ServerRun.read(report, GatlingInstallation.in(ProjectRoot.find()).classpath());
      assertEquals(0, run.report().global().ko(), () -> run.server() + " failed requests: " + soak.out());
      assertTrue(run.samples().size() >= 6, () -> run.server() + ": " + run.samples().size() + " samples");
      for (StatsSample sample : run.samples()) {
        assertTrue(sample.openFiles() > 0, () -> run.server() + "'s open files not counted: " + sample);
      }
    }
    for (String server : List.of("reactor", "loom", "jetty", "platform")) {
      assertTrue(soak.out().contains(server + ": Mixed"), soak::out);
    }
    assertTrue(soak.out().contains("open files"), soak::out);
    assertEquals(0, ProcessHandle.current().descendants().count(), "the soak stopped every process it started");
  }

  @Test
  void aSoakTooShortToJudgeIsRefusedBeforeAnythingStarts() {
    // --minutes: the older spelling of --duration, in minutes
    CommandRun soak = CommandRun.of("soak", "--minutes", "0.1", "--out", out.toString());

    assertEquals(2, soak.exitCode(), soak::toString);
    assertTrue(soak.err().contains("at least 6"), soak::err);
  }
}
