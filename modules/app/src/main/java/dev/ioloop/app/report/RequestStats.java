package dev.ioloop.app.report;

/**
 * One row of a Gatling report's statistics table: all requests, or the requests of one name. Times are in
 * milliseconds; a value Gatling shows as "-" (nothing to measure) is NaN.
 *
 * @param name      "All Requests" for the global row, else the request's name (hello, noblock, ...)
 * @param total     requests sent
 * @param ok        answered as the simulation's checks expect
 * @param ko        failed: wrong status or body, refused, timed out
 * @param perSecond the mean throughput over the run
 */
public record RequestStats(
    String name,
    long total,
    long ok,
    long ko,
    double koPercent,
    double perSecond,
    double min,
    double p50,
    double p75,
    double p95,
    double p99,
    double max,
    double mean,
    double stdDev) {}
