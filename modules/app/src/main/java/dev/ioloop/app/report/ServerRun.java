package dev.ioloop.app.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * One server's run of one scenario: its Gatling report and, when the run was sampled, its /api/stats samples.
 *
 * @param server    the server's label: the report's run description, else its directory's name
 * @param injectors a run merged from several injectors (MergedRun): each one, by K; empty for one Gatling run
 */
public record ServerRun(String server, GatlingReport report, List<StatsSample> samples, List<InjectorRun> injectors) {
  public ServerRun {
    samples = List.copyOf(samples);
    injectors = List.copyOf(injectors);
  }

  public ServerRun(String server, GatlingReport report, List<StatsSample> samples) {
    this(server, report, samples, List.of());
  }

  /** Reads a report directory and the samples file beside its index.html, if any. */
  public static ServerRun read(Path reportDirectory) throws IOException {
    GatlingReport report = GatlingReportParser.parse(reportDirectory);
    String server = report.description().isBlank() ? reportDirectory.getFileName().toString() : report.description();
    return new ServerRun(server, report, StatsSamples.read(reportDirectory));
  }

  public String scenario() {
    return report.scenario();
  }

  ServerRun relabelled(String newServer) {
    return new ServerRun(newServer, report, samples, injectors);
  }
}
