package dev.ioloop.bench.perf;

import dev.ioloop.tooling.process.ServerProcess;
import java.io.IOException;
import java.time.Duration;

/** One wrk run against a running server, and what it cost the server: its CPU time per answered request. */
final class Measurement {
  /** wrk's own limit on one request's wait: far above any scenario's. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

  private Measurement() {}

  static Results.Sample run(Wrk wrk, ServerProcess server, Scenario scenario, Duration length)
      throws IOException, InterruptedException {
    long cpuBefore = ProcFs.cpuNanos(server.pid());
    Wrk.Result load = wrk.run(server.url(scenario.target), scenario.connections, length, REQUEST_TIMEOUT);
    double cpuMicrosPerRequest = (ProcFs.cpuNanos(server.pid()) - cpuBefore) / 1e3 / Math.max(1, load.requests());
    return new Results.Sample(load.requestsPerSecond(), load.p99Millis(), load.errors(), cpuMicrosPerRequest);
  }

  /** The progress line of one run. */
  static String line(String who, Scenario scenario, Results.Sample result) {
    return String.format("  %-20s %-40s %,10.0f req/s  p99 %,8.1f ms  errors %d  server CPU %5.1f us/req",
        who, scenario.title, result.requestsPerSecond(), result.p99Millis(), result.errors(),
        result.cpuMicrosPerRequest());
  }
}
