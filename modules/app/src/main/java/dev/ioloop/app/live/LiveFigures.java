package dev.ioloop.app.live;

import dev.ioloop.api.server.ServerStats;

/**
 * One server's figures in one dashboard event: what its {@code /api/stats} said, and what two successive answers
 * give (requests/s, CPU %). A server that did not answer in time is {@code up = false} with zeros: a gap in its lines.
 *
 * @param name              the server's name (an engine's, or what {@code watch NAME=URL} called it)
 * @param colour            its colour in every chart (the tooling's Palette)
 * @param up                whether it answered this tick
 * @param requestsPerSecond requests answered since the previous answer, per second of wall time between them
 * @param inFlight          requests being handled now (the stats request included)
 * @param p50Millis         server-side median over the last full second (the server's own HdrHistogram)
 * @param p99Millis         server-side 99th percentile over the last full second
 * @param platformThreads   live platform threads of its JVM
 * @param virtualThreads    live virtual threads it started
 * @param loopLagMillis     the largest loop lag since the previous stats request (reactor; 0 elsewhere)
 * @param heapMiB           used heap, garbage included
 * @param cpuPercent        process CPU time over wall time between two answers, 100 = one core busy (as top)
 * @param openConnections   client connections open now
 */
public record LiveFigures(
    String name,
    String colour,
    boolean up,
    double requestsPerSecond,
    long inFlight,
    double p50Millis,
    double p99Millis,
    long platformThreads,
    long virtualThreads,
    double loopLagMillis,
    double heapMiB,
    double cpuPercent,
    long openConnections) {

  static LiveFigures down(String name, String colour) {
    return new LiveFigures(name, colour, false, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  }

  /** From this answer and the previous one of the same server ({@code null} for its first). */
  static LiveFigures of(String name, String colour, ServerStats now, long nowNanos, ServerStats before,
      long beforeNanos) {
    double seconds = (nowNanos - beforeNanos) / 1e9;
    boolean rates = before != null && seconds > 0 && now.uptimeMillis() >= before.uptimeMillis();
    double perSecond = rates ? Math.max(0, now.requests() - before.requests()) / seconds : 0;
    double cpu = rates && now.cpuNanos() >= 0 && before.cpuNanos() >= 0
        ? Math.max(0, now.cpuNanos() - before.cpuNanos()) / 1e9 / seconds * 100 : 0;
    ServerStats.Latency latency = now.latency() != null ? now.latency() : ServerStats.Latency.NONE;
    return new LiveFigures(name, colour, true, round(perSecond), now.inFlight(), latency.p50Micros() / 1000.0,
        latency.p99Micros() / 1000.0, now.threads().platform(), now.threads().virtualAlive(),
        now.loop() != null ? round(now.loop().lagMillis()) : 0, round(now.heapUsedBytes() / 1048576.0), round(cpu),
        now.openConnections());
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }
}
