package dev.ioloop.app.report;

import dev.ioloop.api.server.ServerStats;

/**
 * One answer of a server's {@code /api/stats}, taken while Gatling loaded it.
 *
 * @param atMillis milliseconds since sampling began (just before Gatling started)
 * @param stats    the answer, as every engine writes it
 */
public record StatsSample(long atMillis, ServerStats stats) {}
