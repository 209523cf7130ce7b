package dev.ioloop.bench.perf;

/**
 * One server measured at one step of the sweep.
 *
 * @param server              which
 * @param load                the step: connections and sleep
 * @param requestsPerSecond   wrk's throughput over the measured run
 * @param errors              wrk's socket errors and non-2xx answers in it
 * @param cpuMicrosPerRequest the server's CPU time (user + system) over the run per answered request
 * @param wrkCpuPercent       wrk's own CPU over the run, percent of one core (its two threads can reach 200)
 * @param memory              live heap (and RSS) growth per request while the step's connections all waited, over
 *                            the server's idle figure; NaN where the hold failed
 */
record SweepStep(Server server, SweepLoad load, double requestsPerSecond, long errors, double cpuMicrosPerRequest,
    double wrkCpuPercent, Results.Memory memory) {

  /** Throughput as a fraction of Little's law for the step: 1.0 is every connection always in its sleep. */
  double littleFraction() {
    return requestsPerSecond / load.littlesLawLimit();
  }
}
