package dev.ioloop.bench.perf;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * One step of the sweep: how many connections wrk keeps busy, and how long each request sleeps in
 * {@code /api/sleep}. Little's law bounds it at {@code connections / sleep} requests a second.
 *
 * @param connections wrk's keep-alive connections, each with one request outstanding
 * @param sleep       the wait each request asks for
 */
record SweepLoad(int connections, Duration sleep) {
  static final Duration BASE_SLEEP = Duration.ofMillis(100);
  /**
   * The most a step may ask of wrk: on one core it offers roughly 90,000 req/s, so a step that needs no more than
   * about half of that measures the server, not wrk.
   */
  static final int MAX_OFFERED_RATE = 50_000;
  /** What wrk waits for an answer beyond the sleep before counting a timeout. */
  private static final Duration TIMEOUT_SLACK = Duration.ofSeconds(5);
  /** The files a server JVM (or wrk) has open besides its connections: jars, libraries, epoll, pipes, logs. */
  static final int FILES_BESIDES_CONNECTIONS = 500;

  SweepLoad {
    if (connections < 1) {
      throw new IllegalArgumentException("a step needs at least one connection, not " + connections);
    }
    if (sleep.isNegative() || sleep.isZero()) {
      throw new IllegalArgumentException("a step's sleep must be positive, not " + sleep);
    }
  }

  /**
   * The step for {@code connections}: a 100 ms sleep, lengthened in steps of 100 ms where that would ask for more
   * than {@value #MAX_OFFERED_RATE} req/s (10,000 connections sleep 200 ms, 15,000 sleep 300 ms).
   */
  static SweepLoad of(int connections) {
    long step = BASE_SLEEP.toMillis();
    long neededMillis = Math.ceilDiv(connections * 1000L, MAX_OFFERED_RATE);
    return new SweepLoad(connections, Duration.ofMillis(Math.max(step, Math.ceilDiv(neededMillis, step) * step)));
  }

  /** The most requests per second these connections can make: connections / sleep. */
  double littlesLawLimit() {
    return connections / (sleep.toNanos() / 1e9);
  }

  String target() {
    return "/api/sleep?ms=" + sleep.toMillis();
  }

  /** wrk's timeout: the sleep and five seconds more, in the whole seconds wrk takes. */
  Duration wrkTimeout() {
    return TIMEOUT_SLACK.plus(sleep).truncatedTo(ChronoUnit.SECONDS);
  }

  /** Why this step cannot run under {@code openFileLimit} files per process (server and wrk each); empty if it can. */
  Optional<String> whyItCannotRun(long openFileLimit) {
    long needed = (long) connections + FILES_BESIDES_CONNECTIONS;
    return needed <= openFileLimit ? Optional.empty() : Optional.of(String.format(
        "needs about %,d open files in the server and in wrk, and the limit is %,d (ulimit -n)", needed,
        openFileLimit));
  }

  /** {@code 1,000 conn., 100 ms}: how the tables and the progress name it. */
  String label() {
    return String.format("%,d conn., %d ms", connections, sleep.toMillis());
  }
}
