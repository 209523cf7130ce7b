package dev.ioloop.app.report;

import dev.ioloop.app.load.GatlingInstallation;
import java.nio.file.Path;
import java.util.List;

/**
 * What a Gatling run's index.html says: Gatling 3.15 writes its statistics nowhere else (no stats JSON, and its
 * simulation.log is binary and undocumented). {@link GatlingReportParser} reads it.
 *
 * @param directory   the run's report directory
 * @param simulation  the simulation's class simple name (NoBlockSimulation)
 * @param description the run description: the server's label
 * @param date        when it ran, as Gatling prints it
 * @param global      the "All Requests" row
 * @param requests    a row per request name
 * @param assertions  the simulation's assertions and whether each held
 */
public record GatlingReport(
    Path directory,
    String simulation,
    String description,
    String date,
    RequestStats global,
    List<RequestStats> requests,
    List<Assertion> assertions) {

  public GatlingReport {
    requests = List.copyOf(requests);
    assertions = List.copyOf(assertions);
  }

  /** One of the simulation's assertions, as the report states it ("Global: 95th percentile of ..."). */
  public record Assertion(String statement, boolean held) {}

  /** The simulation's short name: NoBlock for NoBlockSimulation. */
  public String scenario() {
    return GatlingInstallation.shortName(simulation);
  }

  /** Whether the run had a warm-up: its statistics have a row of the warm-up's group, which they count in. */
  public boolean hasWarmUp() {
    return requests.stream().anyMatch(row -> row.name().equals(SimulationLog.WARM_UP_GROUP));
  }

  /** The same report with the figures of {@code table} (a run's measured phase) in place of its own. */
  public GatlingReport withFigures(RequestTable table) {
    return new GatlingReport(directory, simulation, description, date, table.global(), table.requests(), assertions);
  }

  public boolean assertionsHeld() {
    return assertions.stream().allMatch(Assertion::held);
  }
}
