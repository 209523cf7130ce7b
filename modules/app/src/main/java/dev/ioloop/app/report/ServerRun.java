package dev.ioloop.app.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One server's run of one scenario: its Gatling report and, when the run was sampled, its /api/stats samples.
 *
 * @param server    the server's label: the report's run description, else its directory's name
 * @param injectors a run merged from several injectors (MergedRun): each one, by K; empty for one Gatling run
 * @param placement where the server and the load generator ran, and Gatling's own CPU use
 * @param measured  a run with a warm-up: the phase after it, which the report's figures are of, on the samples'
 *                  clock (milliseconds since sampling began); empty: every request counts
 */
public record ServerRun(String server, GatlingReport report, List<StatsSample> samples, List<InjectorRun> injectors,
    Placement placement, Optional<MeasuredPhase> measured) {
  public ServerRun {
    samples = List.copyOf(samples);
    injectors = List.copyOf(injectors);
  }

  public ServerRun(String server, GatlingReport report, List<StatsSample> samples) {
    this(server, report, samples, List.of(), Placement.UNKNOWN, Optional.empty());
  }

  /**
   * Reads a report directory and the samples and placement files beside its index.html, if any. A run with a
   * warm-up has its figures from its simulation.log (read with Gatling's reader on {@code gatlingClasspath}), the
   * warm-up's requests left out: its report's rows count them.
   */
  public static ServerRun read(Path reportDirectory, List<Path> gatlingClasspath) throws IOException {
    GatlingReport report = GatlingReportParser.parse(reportDirectory);
    String server = report.description().isBlank() ? reportDirectory.getFileName().toString() : report.description();
    List<StatsSample> samples = StatsSamples.read(reportDirectory);
    OptionalLong samplesStart = StatsSamples.readStart(reportDirectory);
    Optional<MeasuredPhase> measured = Optional.empty();
    if (report.hasWarmUp()) {
      SimulationLog log = SimulationLog.read(reportDirectory, gatlingClasspath);
      report = report.withFigures(RequestTable.of(log.measured()));
      measured = MeasuredPhase.of(log.requests()).map(phase -> phase.since(samplesStart.orElse(0)));
    }
    return new ServerRun(server, report, samples, List.of(),
        Placement.read(reportDirectory, loaded(samples, measured), samplesStart), measured);
  }

  /**
   * The stretch of the samples in which the server was loaded: its CPU per request and cores used. With a warm-up,
   * the measured phase; else the samples' busy stretch.
   */
  public Optional<LoadedWindow> loaded() {
    return loaded(samples, measured);
  }

  private static Optional<LoadedWindow> loaded(List<StatsSample> samples, Optional<MeasuredPhase> measured) {
    return measured.isPresent()
        ? LoadedWindow.within(samples, measured.get().fromMillis(), measured.get().toMillis())
        : LoadedWindow.of(samples);
  }

  public String scenario() {
    return report.scenario();
  }

  ServerRun relabelled(String newServer) {
    return new ServerRun(newServer, report, samples, injectors, placement, measured);
  }
}
