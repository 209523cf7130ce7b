package dev.ioloop.app.report;

import dev.ioloop.api.server.ServerStats;

/**
 * One answer of a server's {@code /api/stats}, taken while Gatling loaded it.
 *
 * @param atMillis  milliseconds since sampling began (just before Gatling started)
 * @param stats     the answer, as every engine writes it
 * @param openFiles the server process's open file descriptors (sockets included) at that moment, from
 *                  {@code /proc/PID/fd}; -1 where not counted (another OS, or a server this app did not start)
 */
public record StatsSample(long atMillis, ServerStats stats, long openFiles) {
  public static final long NOT_COUNTED = -1;
}
