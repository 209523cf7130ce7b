package dev.ioloop.bench.perf;

import dev.ioloop.bench.perf.HeapProbe.Footprint;
import dev.ioloop.tooling.process.ServerProcess;
import java.io.IOException;
import java.time.Duration;

/**
 * A server's footprint while many requests wait in it: wrk holds {@code connections} requests in a long
 * {@code /api/sleep}, the server is measured once it holds them all (counted in /proc/net/tcp), and wrk is stopped.
 */
final class InFlightProbe {
  /** wrk's run and its timeout: longer than any hold lasts, so that wrk never gives up first; it is stopped. */
  private static final Duration WRK_LIMIT = Duration.ofSeconds(90);
  private static final Duration ALL_CONNECTED_LIMIT = Duration.ofSeconds(60);
  /** After the last connection is accepted its request still has to be read and parked. */
  private static final Duration SETTLE = Duration.ofSeconds(3);

  private InFlightProbe() {}

  /**
   * The requests counted in flight, the server's footprint while they waited, and the server's CPU time from the
   * start of the hold until they were all waiting: opening their connections and parking their requests.
   */
  record Held(int inFlight, Footprint footprint, long cpuNanos) {
    /** What the waiting requests added to {@code idle}, per request. */
    Results.Memory growthOver(Footprint idle) {
      return new Results.Memory(inFlight, (double) (footprint.liveHeapBytes() - idle.liveHeapBytes()) / inFlight,
          (double) (footprint.residentBytes() - idle.residentBytes()) / inFlight);
    }
  }

  /**
   * Holds {@code connections} requests, each sleeping {@code sleep} (less than wrk's 90 s), and
   * measures the server while they wait. Fails if it held fewer than nine in ten of them.
   */
  static Held hold(Wrk wrk, ServerProcess server, int connections, Duration sleep)
      throws IOException, InterruptedException {
    if (sleep.compareTo(WRK_LIMIT) >= 0) {
      throw new IllegalArgumentException("a hold sleeps less than " + WRK_LIMIT.toSeconds() + " s, not " + sleep);
    }
    long cpuBefore = ProcFs.cpuNanos(server.pid());
    Wrk.Running load = wrk.start(server.url("/api/sleep?ms=" + sleep.toMillis()), connections, WRK_LIMIT, WRK_LIMIT);
    try {
      int inFlight = awaitConnections(server, connections);
      long cpuNanos = ProcFs.cpuNanos(server.pid()) - cpuBefore;
      return new Held(inFlight, HeapProbe.measure(server.pid()), cpuNanos);
    } finally {
      load.stop();
    }
  }

  /** Waits until the server holds every connection (or the limit passes), then lets the last requests land. */
  private static int awaitConnections(ServerProcess server, int wanted) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + ALL_CONNECTED_LIMIT.toNanos();
    int established = ProcFs.establishedTo(server.port());
    while (established < wanted && System.nanoTime() < deadline) {
      Thread.sleep(250);
      established = ProcFs.establishedTo(server.port());
    }
    Thread.sleep(SETTLE.toMillis());
    established = ProcFs.establishedTo(server.port());
    if (established < wanted * 9 / 10) {
      throw new IOException(server.name() + " held only " + established + " of " + wanted + " connections after "
          + ALL_CONNECTED_LIMIT.toSeconds() + " s");
    }
    return established;
  }
}
