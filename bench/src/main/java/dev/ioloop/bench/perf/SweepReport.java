package dev.ioloop.bench.perf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The sweep's figures as Markdown, a table per figure (a row per step, a column per server), written into
 * {@code docs/performance.md} between markers of its own. A step where a server's CPU per request grew more than
 * {@value #COST_GROWTH_LIMIT} times over its previous step is marked: every request does the same work at every
 * step, so such a cost grows faster than the work, a finding to explain with a profile.
 */
final class SweepReport {
  static final MarkedSection SECTION = new MarkedSection(
      "<!-- sweep:begin (written by ./ioloop bench --sweep; edits between the markers are lost) -->",
      "<!-- sweep:end -->");
  static final double COST_GROWTH_LIMIT = 1.5;

  private final SweepSettings settings;
  private final List<SweepStep> steps;
  private final List<SweepSkip> skipped;
  private final String header;

  /** {@code header}: when, where and how the sweep was run, as lines of Markdown. */
  SweepReport(SweepSettings settings, List<SweepStep> steps, List<SweepSkip> skipped, String header) {
    this.settings = settings;
    this.steps = List.copyOf(steps);
    this.skipped = List.copyOf(skipped);
    this.header = header;
  }

  /** A marked step: how many times its CPU per request is the same server's at its previous step. */
  record CostGrowth(SweepStep step, double times) {}

  /** Replaces the sweep's section of {@code file} (or appends one, or creates the file). */
  void writeInto(Path file) throws IOException {
    SECTION.writeInto(file, markdown());
  }

  /** Each step whose CPU per request grew more than the limit over the same server's previous measured step. */
  List<CostGrowth> costGrowths() {
    List<CostGrowth> growths = new ArrayList<>();
    for (Server server : settings.servers()) {
      SweepStep previous = null;
      for (SweepLoad load : settings.loads()) {
        Optional<SweepStep> step = step(server, load);
        if (step.isEmpty()) {
          continue;
        }
        double times = previous == null ? Double.NaN
            : step.get().cpuMicrosPerRequest() / previous.cpuMicrosPerRequest();
        if (times > COST_GROWTH_LIMIT) {
          growths.add(new CostGrowth(step.get(), times));
        }
        previous = step.get();
      }
    }
    return growths;
  }

  String markdown() {
    List<CostGrowth> marked = costGrowths();
    Map<SweepStep, Double> growths = new HashMap<>();
    marked.forEach(growth -> growths.put(growth.step(), growth.times()));
    StringBuilder out = new StringBuilder(header).append('\n');
    out.append("### Throughput: fraction of Little's law (connections / sleep), wrk's errors where there were any\n\n");
    out.append(table(step -> String.format("%.2f", step.littleFraction())
        + (step.errors() == 0 ? "" : String.format(", %,d errors", step.errors())), true));
    out.append("\n### Server CPU µs per request\n\n");
    out.append(table(step -> (Double.isNaN(step.cpuMicrosPerRequest()) ? "no answer"
        : String.format("%.1f", step.cpuMicrosPerRequest()))
        + (growths.containsKey(step) ? String.format(" **×%.1f**", growths.get(step)) : ""), false));
    out.append("\n**×N**: the CPU per request grew N times over the server's previous step (more than ×")
        .append(COST_GROWTH_LIMIT).append("), though each request does the same work: ")
        .append(growths.isEmpty() ? "none in this run." : "a cost that grows faster than the work, to profile:")
        .append('\n');
    if (!growths.isEmpty()) {
      out.append('\n');
      marked.forEach(growth -> out.append(toProfile(growth)));
    }
    out.append("\n### Server CPU µs per connection opened (accepted, its request read and parked; in the heap's hold)"
        + "\n\n");
    out.append(table(step -> Double.isNaN(step.cpuMicrosPerConnection()) ? "not held"
        : String.format("%.1f", step.cpuMicrosPerConnection()), false));
    out.append("\n### Live heap per in-flight request, bytes (the step's connections all waiting, over idle)\n\n");
    out.append(table(step -> Double.isNaN(step.memory().heapBytesPerRequest()) ? "not held"
        : String.format("%,.0f", step.memory().heapBytesPerRequest()), false));
    out.append("\n### wrk's own CPU during the measured run, % of one core (each of its threads, one per load CPU,"
        + " can reach 100)\n\n");
    out.append(table(step -> String.format("%.0f", step.wrkCpuPercent()), false));
    if (!skipped.isEmpty()) {
      out.append('\n');
      skipped.forEach(skip -> out.append("- Skipped ").append(skip.load().label()).append(": ").append(skip.reason())
          .append('\n'));
    }
    return out.append('\n').toString();
  }

  /**
   * A marked step in words, with the part of its CPU per request that opening its connections accounts for: wrk
   * opens them anew each run, so where each connection makes few requests that cost weighs on every request.
   */
  private static String toProfile(CostGrowth growth) {
    SweepStep step = growth.step();
    return String.format("- %s at %s: ×%.1f, %.1f µs a request; opening its %,d connections (%.1f µs each, %.1f"
            + " requests a connection in the run) accounts for %.1f µs of it\n", step.server().label,
        step.load().label(), growth.times(), step.cpuMicrosPerRequest(), step.load().connections(),
        step.cpuMicrosPerConnection(), (double) step.requests() / step.load().connections(),
        step.connectionShareMicros());
  }

  /** A row per step, a column per server; a step the machine could not run says so in every cell. */
  private String table(Function<SweepStep, String> cell, boolean withLittlesLaw) {
    StringBuilder table = new StringBuilder("| connections, sleep")
        .append(withLittlesLaw ? " (Little's law)" : "").append(" | ")
        .append(settings.servers().stream().map(server -> server.label).collect(Collectors.joining(" | ")))
        .append(" |\n|---|").append("---|".repeat(settings.servers().size())).append('\n');
    for (SweepLoad load : settings.loads()) {
      boolean wasSkipped = skipped.stream().anyMatch(skip -> skip.load().equals(load));
      table.append("| ").append(load.label())
          .append(withLittlesLaw ? String.format(" (%,.0f req/s)", load.littlesLawLimit()) : "").append(" |");
      for (Server server : settings.servers()) {
        table.append(' ').append(wasSkipped ? "skipped" : step(server, load).map(cell).orElse("–")).append(" |");
      }
      table.append('\n');
    }
    return table.toString();
  }

  private Optional<SweepStep> step(Server server, SweepLoad load) {
    return steps.stream().filter(step -> step.server() == server && step.load().equals(load)).findFirst();
  }
}
