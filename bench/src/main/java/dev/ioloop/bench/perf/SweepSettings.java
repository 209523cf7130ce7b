package dev.ioloop.bench.perf;

import java.time.Duration;
import java.util.List;

/**
 * What {@code ./ioloop bench --sweep} measures and for how long.
 *
 * @param servers      the servers, in the order each step runs them (A B C, A B C, ...)
 * @param loads        the steps, fewest connections first
 * @param runLength    the measured wrk run of each step on each server
 * @param warmUpLength the warm-up run before it
 */
record SweepSettings(List<Server> servers, List<SweepLoad> loads, Duration runLength, Duration warmUpLength) {
  static final List<Integer> FULL_STEPS = List.of(250, 1_000, 2_500, 5_000, 10_000, 15_000);
  static final List<Integer> QUICK_STEPS = List.of(1_000, 5_000, 15_000);

  SweepSettings {
    servers = List.copyOf(servers);
    loads = List.copyOf(loads);
    if (servers.isEmpty() || loads.isEmpty()) {
      throw new IllegalArgumentException("a sweep needs at least one server and one step");
    }
    for (int i = 1; i < loads.size(); i++) {
      if (loads.get(i).connections() <= loads.get(i - 1).connections()) {
        throw new IllegalArgumentException("a sweep's steps go up in connections: " + loads);
      }
    }
  }

  /** Six steps of 8 s runs: under 2 minutes a server, about 12 for seven. */
  static SweepSettings full(List<Server> servers) {
    return new SweepSettings(servers, loads(FULL_STEPS), Duration.ofSeconds(8), Duration.ofSeconds(2));
  }

  /** Three steps of 4 s runs: a first look in about a minute a server. */
  static SweepSettings quick(List<Server> servers) {
    return new SweepSettings(servers, loads(QUICK_STEPS), Duration.ofSeconds(4), Duration.ofSeconds(2));
  }

  private static List<SweepLoad> loads(List<Integer> connections) {
    return connections.stream().map(SweepLoad::of).toList();
  }
}
