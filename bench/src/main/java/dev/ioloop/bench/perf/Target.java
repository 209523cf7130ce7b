package dev.ioloop.bench.perf;

import java.util.List;
import java.util.Optional;

/**
 * The targets of issue #9, each checked against one run's medians: a measured figure, a bound, and whether it held.
 *
 * @param goal     what is wanted, in words
 * @param measured the figure, as the report prints it; empty if the run did not include what it needs
 * @param met      whether the figure is within the bound
 */
record Target(String goal, Optional<String> measured, boolean met) {

  static List<Target> all(Results results) {
    return List.of(
        ratioAtLeast(results, "/api/hello: reactor >= 1.0 x Netty", Server.REACTOR, Server.NETTY),
        ratioAtLeast(results, "/api/hello: loom >= 1.0 x Helidon", Server.LOOM, Server.HELIDON),
        littleAtLeast(results, Scenario.SLEEP_5000, Server.REACTOR, 0.9, false),
        littleAtLeast(results, Scenario.SLEEP_5000, Server.LOOM, 0.9, false),
        heapAtMost(results, Server.REACTOR, Server.NETTY),
        heapAtMost(results, Server.LOOM, Server.JETTY),
        littleAtLeast(results, Scenario.NOBLOCK_2000, Server.REACTOR, 0.95, true),
        littleAtLeast(results, Scenario.NOBLOCK_2000, Server.LOOM, 0.95, true),
        littleAtLeast(results, Scenario.NOBLOCK_2000, Server.JETTY, 0.95, true));
  }

  private static Target ratioAtLeast(Results results, String goal, Server ours, Server theirs) {
    Optional<Double> ratio = results.median(Scenario.HELLO, ours, Results.Sample::requestsPerSecond).flatMap(a ->
        results.median(Scenario.HELLO, theirs, Results.Sample::requestsPerSecond).map(b -> a / b));
    return new Target(goal, ratio.map(r -> String.format("%.2f x", r)), ratio.filter(r -> r >= 1.0).isPresent());
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
