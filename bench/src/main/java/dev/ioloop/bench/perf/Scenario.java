package dev.ioloop.bench.perf;

/**
 * A wrk scenario: a target, a number of keep-alive connections, and, for the endpoints that wait, the mean wait
 * that bounds them by Little's law (throughput = connections / mean latency).
 */
enum Scenario {
  HELLO("/api/hello", 64, 0, "/api/hello, 64 connections"),
  SLEEP_1000("/api/sleep?ms=100", 1_000, 0.100, "/api/sleep?ms=100, 1,000 connections"),
  SLEEP_5000("/api/sleep?ms=100", 5_000, 0.100, "/api/sleep?ms=100, 5,000 connections"),
  /** Through the backend's block2: a uniform 10–500 ms wait, 255 ms on average (docs/contract.md). */
  NOBLOCK_2000("/api/noblock", 2_000, 0.255, "/api/noblock, 2,000 connections");

  final String target;
  final int connections;
  final double meanWaitSeconds;
  final String title;

  Scenario(String target, int connections, double meanWaitSeconds, String title) {
    this.target = target;
    this.connections = connections;
    this.meanWaitSeconds = meanWaitSeconds;
    this.title = title;
  }

  boolean boundByLittlesLaw() {
    return meanWaitSeconds > 0;
  }

  /** The most requests per second this many connections can make: connections / mean wait. */
  double littlesLawLimit() {
    return connections / meanWaitSeconds;
  }

  boolean appliesTo(Server server) {
    return this != NOBLOCK_2000 || server.servesNoblock();
  }
}
