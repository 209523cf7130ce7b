package dev.ioloop.bench.perf;

import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * The targets of issues #9 and #18, each checked against one run's medians: a measured figure, a bound, and whether
 * it held.
 *
 * @param goal     what is wanted, in words
 * @param measured the figure, as the report prints it; empty if the run did not include what it needs
 * @param met      whether the figure is within the bound
 */
record Target(String goal, Optional<String> measured, boolean met) {

  static List<Target> all(Results results) {
    return List.of(
        throughputAtLeast(results, Server.REACTOR, Server.NETTY, 1.0),
        throughputAtLeast(results, Server.LOOM, Server.HELIDON, 1.0),
        littleAtLeast(results, Scenario.SLEEP_5000, Server.REACTOR, 0.9, false),
        littleAtLeast(results, Scenario.SLEEP_5000, Server.LOOM, 0.9, false),
        heapAtMost(results, Server.REACTOR, Server.NETTY),
        heapAtMost(results, Server.LOOM, Server.JETTY),
        littleAtLeast(results, Scenario.NOBLOCK_2000, Server.REACTOR, 0.95, true),
        littleAtLeast(results, Scenario.NOBLOCK_2000, Server.LOOM, 0.95, true),
        littleAtLeast(results, Scenario.NOBLOCK_2000, Server.JETTY, 0.95, true),
        // Issue #18: the second round.
        cpuAtMost(results, Scenario.SLEEP_5000, Server.LOOM, Server.REACTOR, 1.5),
        cpuAtMost(results, Scenario.NOBLOCK_2000, Server.LOOM, Server.REACTOR, 1.5),
        heapAtMostBytes(results, Server.LOOM, 3_500),
        throughputAtLeast(results, Server.REACTOR, Server.NETTY_EPOLL, 0.95),
        cpuAtMost(results, Scenario.HELLO, Server.REACTOR, Server.NETTY_EPOLL, 1.05));
  }

  /** Ours' server CPU per request at most {@code bound} times theirs; on a wait, both fractions of Little's law. */
  private static Target cpuAtMost(Results results, Scenario scenario, Server ours, Server theirs, double bound) {
    String goal = String.format("%s: %s server CPU per request <= %.2f x %s's", scenario.title, ours.label, bound,
        theirs.label);
    Optional<Ratio> ratio = Ratio.of(results, scenario, ours, theirs, Results.Sample::cpuMicrosPerRequest);
    Optional<String> measured = ratio.map(r -> String.format("%.2f x (%.1f vs %.1f µs)", r.value(), r.ours(),
        r.theirs())
        + (scenario.boundByLittlesLaw() ? String.format("; of Little's law: %s %.2f, %s %.2f", ours.label,
            results.littleFraction(scenario, ours).get(), theirs.label, results.littleFraction(scenario, theirs).get())
            : ""));
    return new Target(goal, measured, ratio.filter(r -> r.value() <= bound).isPresent());
  }

  private static Target throughputAtLeast(Results results, Server ours, Server theirs, double bound) {
    String goal = String.format("%s: %s >= %.2f x %s's req/s", Scenario.HELLO.title, ours.label, bound, theirs.label);
    Optional<Ratio> ratio = Ratio.of(results, Scenario.HELLO, ours, theirs, Results.Sample::requestsPerSecond);
    return new Target(goal, ratio.map(r -> String.format("%.2f x (%,.0f vs %,.0f req/s)", r.value(), r.ours(),
        r.theirs())), ratio.filter(r -> r.value() >= bound).isPresent());
  }

  /** Two servers' medians of one figure in one scenario, and ours over theirs; empty if either has none. */
  private record Ratio(double ours, double theirs) {
    static Optional<Ratio> of(Results results, Scenario scenario, Server ours, Server theirs,
        ToDoubleFunction<Results.Sample> figure) {
      return results.median(scenario, ours, figure)
          .flatMap(a -> results.median(scenario, theirs, figure).map(b -> new Ratio(a, b)));
    }

    double value() {
      return ours / theirs;
    }
  }

  private static Target heapAtMostBytes(Results results, Server server, double bound) {
    Optional<Double> heap = results.memoryMedian(server, Results.Memory::heapBytesPerRequest);
    return new Target(String.format("live heap per waiting request: %s <= %,.0f B", server.label, bound),
        heap.map(bytes -> String.format("%,.0f B", bytes)), heap.filter(bytes -> bytes <= bound).isPresent());
  }

  private static Target littleAtLeast(Results results, Scenario scenario, Server server, double bound,
      boolean noErrors) {
    String goal = String.format("%s at %,d connections: %s >= %.2f of Little's law%s",
        scenario.target, scenario.connections, server.label, bound, noErrors ? ", zero errors" : "");
    Optional<Double> fraction = results.littleFraction(scenario, server);
    long errors = results.errors(scenario, server);
    return new Target(goal,
        fraction.map(f -> String.format("%.2f", f) + (noErrors ? ", " + errors + " errors" : "")),
        fraction.filter(f -> f >= bound && (!noErrors || errors == 0)).isPresent());
  }

  private static Target heapAtMost(Results results, Server ours, Server theirs) {
    String goal = "live heap per in-flight request: " + ours.label + " <= " + theirs.label;
    Optional<Double> a = results.memoryMedian(ours, Results.Memory::heapBytesPerRequest);
    Optional<Double> b = results.memoryMedian(theirs, Results.Memory::heapBytesPerRequest);
    Optional<String> measured = a.flatMap(x -> b.map(y -> String.format("%,.0f B vs %,.0f B", x, y)));
    return new Target(goal, measured, a.isPresent() && b.isPresent() && a.get() <= b.get());
  }
}
