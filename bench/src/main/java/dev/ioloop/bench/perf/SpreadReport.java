package dev.ioloop.bench.perf;

import dev.ioloop.bench.perf.SpreadRun.Mode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * The figures of {@code ./ioloop bench --spread} as Markdown, written into {@code docs/performance.md} between
 * markers of its own: per server, scenario and way of using the cores, the median, the smallest and the
 * largest figure of the rounds, and their spread, (max - min) / median.
 */
final class SpreadReport {
  static final MarkedSection SECTION = new MarkedSection(
      "<!-- spread:begin (written by ./ioloop bench --spread; edits between the markers are lost) -->",
      "<!-- spread:end -->");

  private final SpreadRun.Plan plan;
  private final Map<Mode, Results> results;
  private final String header;

  /** {@code header}: when, where and how the run was made, as lines of Markdown. */
  SpreadReport(SpreadRun.Plan plan, Map<Mode, Results> results, String header) {
    this.plan = plan;
    this.results = results;
    this.header = header;
  }

  /** The median, extremes and relative spread of one figure over the rounds. */
  record Spread(double median, double min, double max) {
    static Optional<Spread> of(List<Double> rounds) {
      return Results.median(rounds).map(median -> new Spread(median,
          rounds.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
          rounds.stream().mapToDouble(Double::doubleValue).max().orElseThrow()));
    }

    /** (max - min) / median: 0 when every round measured the same. */
    double relative() {
      return (max - min) / median;
    }
  }

  void writeInto(Path file) throws IOException {
    SECTION.writeInto(file, markdown());
  }

  String markdown() {
    StringBuilder out = new StringBuilder(header).append('\n');
    out.append("| server | scenario | cores | req/s: median | min | max | spread | server CPU µs/req: median | min"
        + " | max | spread |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (Server server : plan.servers()) {
      for (Scenario scenario : SpreadRun.SCENARIOS) {
        for (Mode mode : Mode.values()) {
          List<Results.Sample> rounds = results.get(mode).rounds(scenario, server);
          out.append("| ").append(server.label).append(" | ").append(scenario.title).append(" | ")
              .append(mode.label()).append(" | ")
              .append(cells(rounds, Results.Sample::requestsPerSecond, "%,.0f")).append(" | ")
              .append(cells(rounds, Results.Sample::cpuMicrosPerRequest, "%.1f")).append(" |\n");
        }
      }
    }
    return out.append('\n').toString();
  }

  private static String cells(List<Results.Sample> rounds, ToDoubleFunction<Results.Sample> figure, String format) {
    return Spread.of(rounds.stream().mapToDouble(figure).boxed().toList())
        .map(spread -> String.format(format, spread.median()) + " | " + String.format(format, spread.min()) + " | "
            + String.format(format, spread.max()) + " | " + String.format("**%.0f %%**", 100 * spread.relative()))
        .orElse("– | – | – | –");
  }
}
