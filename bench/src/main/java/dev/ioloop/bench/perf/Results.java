package dev.ioloop.bench.perf;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/** Everything one run measured, per scenario and server, round by round; medians on demand. */
final class Results {
  /** The memory scenario of one round: growth of live heap and RSS per in-flight request over the idle baseline. */
  record Memory(int inFlight, double heapBytesPerRequest, double residentBytesPerRequest) {}

  /**
   * One measured wrk run and what it cost the server: its CPU time (user + system) per answered request, a figure
   * the machine's noise moves less than throughput (a server that gets less of the cores does less, not dearer).
   */
  record Sample(double requestsPerSecond, double p99Millis, long errors, double cpuMicrosPerRequest) {}

  private final Map<Scenario, Map<Server, List<Sample>>> throughput = new EnumMap<>(Scenario.class);
  private final Map<Server, List<Memory>> memory = new EnumMap<>(Server.class);

  void add(Scenario scenario, Server server, Sample result) {
    throughput.computeIfAbsent(scenario, s -> new EnumMap<>(Server.class))
        .computeIfAbsent(server, s -> new ArrayList<>()).add(result);
  }

  void add(Server server, Memory result) {
    memory.computeIfAbsent(server, s -> new ArrayList<>()).add(result);
  }

  List<Sample> rounds(Scenario scenario, Server server) {
    return throughput.getOrDefault(scenario, Map.of()).getOrDefault(server, List.of());
  }

  List<Memory> memoryRounds(Server server) {
    return memory.getOrDefault(server, List.of());
  }

  /** The median of a figure over the rounds; empty if the server did not run the scenario. */
  Optional<Double> median(Scenario scenario, Server server, ToDoubleFunction<Sample> figure) {
    return median(rounds(scenario, server).stream().mapToDouble(figure).boxed().toList());
  }

  Optional<Double> memoryMedian(Server server, ToDoubleFunction<Memory> figure) {
    return median(memoryRounds(server).stream().mapToDouble(figure).boxed().toList());
  }

  /** Throughput as a fraction of Little's law: 1.0 is every connection always waiting on the endpoint, never more. */
  Optional<Double> littleFraction(Scenario scenario, Server server) {
    return median(scenario, server, Sample::requestsPerSecond).map(rate -> rate / scenario.littlesLawLimit());
  }

  /** Errors over all rounds: socket errors and non-2xx answers. */
  long errors(Scenario scenario, Server server) {
    return rounds(scenario, server).stream().mapToLong(Sample::errors).sum();
  }

  static Optional<Double> median(List<Double> values) {
    if (values.isEmpty()) {
      return Optional.empty();
    }
    List<Double> sorted = values.stream().sorted().toList();
    int middle = sorted.size() / 2;
    return Optional.of(sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2);
  }
}
