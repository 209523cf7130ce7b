package dev.ioloop.bench.perf;

import java.time.Duration;
import java.util.List;

/**
 * How long and how often the bench measures.
 *
 * @param servers           the servers, in the order each round runs them (A B A B ...)
 * @param rounds            measured rounds of every wrk scenario, after one warm-up run of each
 * @param runLength         one measured wrk run
 * @param warmUpLength      the warm-up run of each scenario on each server
 * @param memoryRounds      rounds of the memory scenario, each on a freshly started server
 * @param memoryConnections connections held in /api/sleep while the memory is measured
 * @param jfr               record each server with JFR (profiles next to the logs)
 */
record Settings(List<Server> servers, int rounds, Duration runLength, Duration warmUpLength, int memoryRounds,
    int memoryConnections, boolean jfr) {

  static Settings full(List<Server> servers, boolean jfr) {
    return new Settings(servers, 3, Duration.ofSeconds(10), Duration.ofSeconds(5), 3, 10_000, jfr);
  }

  /** A few minutes in all: short runs, one memory round. */
  static Settings quick(List<Server> servers, boolean jfr) {
    return new Settings(servers, 3, Duration.ofSeconds(3), Duration.ofSeconds(2), 1, 10_000, jfr);
  }

  boolean includes(Server server) {
    return servers.contains(server);
  }
}
