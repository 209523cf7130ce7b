package dev.ioloop.bench.perf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The run's figures as Markdown, written into {@code docs/performance.md} between two marker lines, so that the
 * text around them (what the figures mean, the profiles) is kept when the bench runs again.
 */
final class Report {
  static final String BEGIN = "<!-- bench:begin (written by ./ioloop bench; edits between the markers are lost) -->";
  static final String END = "<!-- bench:end -->";

  private final Settings settings;
  private final Results results;
  private final Map<Server, List<String>> byteDifferences;
  private final String header;

  /** {@code header}: when, where and how the run was made, as lines of Markdown. */
  Report(Settings settings, Results results, Map<Server, List<String>> byteDifferences, String header) {
    this.settings = settings;
    this.results = results;
    this.byteDifferences = byteDifferences;
    this.header = header;
  }

  private static final MarkedSection SECTION = new MarkedSection(BEGIN, END);

  /** Replaces the generated section of {@code file} (or appends one, or creates the file). */
  void writeInto(Path file) throws IOException {
    SECTION.writeInto(file, markdown());
  }

  String markdown() {
    StringBuilder out = new StringBuilder(header).append('\n');
    out.append("### Targets (medians of this run)\n\n| target | measured | met |\n|---|---|---|\n");
    for (Target target : Target.all(results)) {
      out.append("| ").append(target.goal()).append(" | ").append(target.measured().orElse("not run"))
          .append(" | ").append(target.measured().isEmpty() ? "–" : target.met() ? "yes" : "**no**").append(" |\n");
    }
    out.append("\n### Throughput (median of ").append(settings.rounds()).append(" rounds; the rounds in brackets)\n\n");
    out.append(tableHead());
    out.append(row("/api/hello, 64 connections: req/s", Scenario.HELLO, Results.Sample::requestsPerSecond, "%,.0f", 1));
    out.append(row("/api/hello, 64 connections: server CPU µs per request", Scenario.HELLO,
        Results.Sample::cpuMicrosPerRequest, "%.1f", 1));
    for (Scenario scenario : List.of(Scenario.SLEEP_1000, Scenario.SLEEP_5000, Scenario.NOBLOCK_2000)) {
      out.append(String.format("| %s: fraction of Little's law (%,.0f req/s) |", scenario.title,
          scenario.littlesLawLimit()));
      for (Server server : settings.servers()) {
        out.append(' ').append(cell(scenario, server, Results.Sample::requestsPerSecond, "%.2f",
            1 / scenario.littlesLawLimit())).append(errors(scenario, server)).append(" |");
      }
      out.append('\n');
      out.append(row(scenario.title + ": p99 ms", scenario, Results.Sample::p99Millis, "%,.0f", 1));
      out.append(row(scenario.title + ": server CPU µs per request", scenario, Results.Sample::cpuMicrosPerRequest,
          "%.1f", 1));
    }
    out.append("\n### Memory: ").append(String.format("%,d", settings.memoryConnections()))
        .append(" requests waiting in /api/sleep (median of ").append(settings.memoryRounds())
        .append(settings.memoryRounds() == 1 ? " round" : " rounds").append(", each on a fresh JVM)\n\n");
    out.append(tableHead());
    out.append(memoryRow("live heap after a full GC, per in-flight request (bytes)",
        Results.Memory::heapBytesPerRequest));
    out.append(memoryRow("RSS growth per in-flight request (bytes)", Results.Memory::residentBytesPerRequest));
    out.append("\n### Same bytes on the wire\n\n");
    out.append("Each server's answer to `GET /api/hello` compared with ").append(settings.servers().getFirst().label)
        .append("'s:\n\n");
    byteDifferences.forEach((server, differences) -> out.append("- ").append(server.label).append(": ")
        .append(differences.isEmpty() ? "the same bytes" : String.join("; ", differences)).append('\n'));
    return out.append('\n').toString();
  }

  private String tableHead() {
    return "| | " + settings.servers().stream().map(s -> s.label).collect(Collectors.joining(" | ")) + " |\n|---|"
        + "---|".repeat(settings.servers().size()) + "\n";
  }

  private String row(String title, Scenario scenario, ToDoubleFunction<Results.Sample> figure, String format,
      double scale) {
    StringBuilder row = new StringBuilder("| ").append(title).append(" |");
    for (Server server : settings.servers()) {
      row.append(' ').append(cell(scenario, server, figure, format, scale)).append(" |");
    }
    return row.append('\n').toString();
  }

  /** The median, then every round's figure in brackets. */
  private String cell(Scenario scenario, Server server, ToDoubleFunction<Results.Sample> figure, String format,
      double scale) {
    List<Double> rounds = results.rounds(scenario, server).stream().map(r -> figure.applyAsDouble(r) * scale).toList();
    return Results.median(rounds).map(median -> "**" + String.format(format, median) + "** ("
            + rounds.stream().map(r -> String.format(format, r)).collect(Collectors.joining(" / ")) + ")")
        .orElse("–");
  }

  private String errors(Scenario scenario, Server server) {
    long errors = results.errors(scenario, server);
    return results.rounds(scenario, server).isEmpty() ? "" : errors == 0 ? "" : ", " + errors + " errors";
  }

  private String memoryRow(String title, ToDoubleFunction<Results.Memory> figure) {
    StringBuilder row = new StringBuilder("| ").append(title).append(" |");
    for (Server server : settings.servers()) {
      List<Double> rounds = results.memoryRounds(server).stream().map(figure::applyAsDouble).toList();
      Optional<Double> median = Results.median(rounds);
      row.append(' ').append(median.map(m -> String.format("**%,.0f**", m)
          + (rounds.size() > 1 ? " (" + rounds.stream().map(r -> String.format("%,.0f", r))
              .collect(Collectors.joining(" / ")) + ")" : "")).orElse("–")).append(" |");
    }
    return row.append('\n').toString();
  }
}
