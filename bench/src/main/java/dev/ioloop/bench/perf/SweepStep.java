package dev.ioloop.bench.perf;

/**
 * One server measured at one step of the sweep.
 *
 * @param server              which
 * @param load                the step: connections and sleep
 * @param requests            answered in the measured run
 * @param requestsPerSecond   wrk's throughput over it
 * @param errors              wrk's socket errors and non-2xx answers in it
 * @param cpuMicrosPerRequest the server's CPU time (user + system) over the run per answered request; NaN if none was
 * @param wrkCpuPercent       wrk's own CPU over the run, percent of one core (each of its threads, one per load
 *                            CPU, can reach 100)
 * @param memory              live heap (and RSS) growth per request while the step's connections all waited, over
 *                            the server's idle figure; NaN where the hold failed
 * @param cpuMicrosPerConnection the server's CPU per connection of the hold, from its start until all waited:
 *                            accepting a connection, reading its request, parking it; NaN where the hold failed
 */
record SweepStep(Server server, SweepLoad load, long requests, double requestsPerSecond, long errors,
    double cpuMicrosPerRequest, double wrkCpuPercent, Results.Memory memory, double cpuMicrosPerConnection) {

  /**
   * How much of {@link #cpuMicrosPerRequest} opening the run's connections accounts for: wrk opens them all anew
   * each run, a cost per connection, not per request, that weighs more the fewer requests each connection makes.
   */
  double connectionShareMicros() {
    return cpuMicrosPerConnection * load.connections() / Math.max(1, requests);
  }

  /** Throughput as a fraction of Little's law for the step: 1.0 is every connection always in its sleep. */
  double littleFraction() {
    return requestsPerSecond / load.littlesLawLimit();
  }
}
