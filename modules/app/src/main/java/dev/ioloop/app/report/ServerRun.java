package dev.ioloop.app.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One server's run of one scenario: its Gatling report and, when the run was sampled, its /api/stats samples.
 *
 * @param server    the server's label: the report's run description, else its directory's name
 * @param injectors a run merged from several injectors (MergedRun): each one, by K; empty for one Gatling run
 * @param placement where the server and the load generator ran, and Gatling's own CPU use
 */
public record ServerRun(String server, GatlingReport report, List<StatsSample> samples, List<InjectorRun> injectors,
    Placement placement) {
  public ServerRun {
    samples = List.copyOf(samples);
    injectors = List.copyOf(injectors);
  }

  public ServerRun(String server, GatlingReport report, List<StatsSample> samples, List<InjectorRun> injectors) {
    this(server, report, samples, injectors, Placement.UNKNOWN);
  }

  public ServerRun(String server, GatlingReport report, List<StatsSample> samples) {
    this(server, report, samples, List.of());
  }

  /** Reads a report directory and the samples and placement files beside its index.html, if any. */
  public static ServerRun read(Path reportDirectory) throws IOException {
    GatlingReport report = GatlingReportParser.parse(reportDirectory);
    String server = report.description().isBlank() ? reportDirectory.getFileName().toString() : report.description();
    List<StatsSample> samples = StatsSamples.read(reportDirectory);
    return new ServerRun(server, report, samples, List.of(), Placement.read(reportDirectory, samples));
  }

  /** The stretch of the samples in which the server was loaded: its CPU per request and cores used. */
  public Optional<LoadedWindow> loaded() {
    return LoadedWindow.of(samples);
  }

  public String scenario() {
    return report.scenario();
  }

  ServerRun relabelled(String newServer) {
    return new ServerRun(newServer, report, samples, injectors, placement);
  }
}
