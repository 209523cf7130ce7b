package dev.ioloop.app.report;

import java.util.List;
import java.util.Optional;

/**
 * The stretch of a run's /api/stats samples in which the server was under load: for a run with a warm-up, its
 * measured phase ({@link #within}); else ({@link #of}) from the sample before the first period that answered more
 * than {@value #BUSY_SHARE} of the busiest period's rate to the last such period. Gatling's start-up before it and
 * its report after it, when only the sampler's own requests arrive, are left out, so that CPU per request is the
 * load's.
 *
 * @param fromMillis  the window's first sample, milliseconds since sampling began
 * @param toMillis    its last
 * @param requests    requests the server answered in it
 * @param cpuNanos    CPU time the server's process used in it
 * @param earlyPerSecond the server's rate over the window's first third, requests a second
 * @param latePerSecond  over its last third: far above the early rate, the run was still warming up
 */
public record LoadedWindow(long fromMillis, long toMillis, long requests, long cpuNanos, double earlyPerSecond,
    double latePerSecond) {
  /** A period counts as loaded above this share of the busiest period's rate (the sampler's own are far below). */
  static final double BUSY_SHARE = 0.02;

  /** The window of {@code samples}; empty when there are fewer than two, no load, or no CPU figure. */
  public static Optional<LoadedWindow> of(List<StatsSample> samples) {
    double peak = 0;
    for (int i = 1; i < samples.size(); i++) {
      peak = Math.max(peak, rate(samples, i));
    }
    int first = -1;
    int last = -1;
    for (int i = 1; i < samples.size(); i++) {
      if (peak > 0 && rate(samples, i) > BUSY_SHARE * peak) {
        first = first < 0 ? i - 1 : first;
        last = i;
      }
    }
    return first < 0 ? Optional.empty() : between(samples, first, last);
  }

  /**
   * The window of the samples taken from {@code fromMillis} to {@code toMillis} (on the samples' clock): a measured
   * phase. Empty when fewer than two fall in it or they have no CPU figure.
   */
  public static Optional<LoadedWindow> within(List<StatsSample> samples, long fromMillis, long toMillis) {
    int first = -1;
    int last = -1;
    for (int i = 0; i < samples.size(); i++) {
      long at = samples.get(i).atMillis();
      if (at >= fromMillis && at <= toMillis) {
        first = first < 0 ? i : first;
        last = i;
      }
    }
    return first < 0 || last == first ? Optional.empty() : between(samples, first, last);
  }

  private static Optional<LoadedWindow> between(List<StatsSample> samples, int first, int last) {
    if (samples.get(first).stats().cpuNanos() < 0) {
      return Optional.empty();
    }
    StatsSample from = samples.get(first);
    StatsSample to = samples.get(last);
    int third = Math.max(1, (last - first) / 3);
    return Optional.of(new LoadedWindow(from.atMillis(), to.atMillis(), to.stats().requests() - from.stats().requests(),
        to.stats().cpuNanos() - from.stats().cpuNanos(), perSecond(samples.get(first), samples.get(first + third)),
        perSecond(samples.get(last - third), to)));
  }

  private static double perSecond(StatsSample from, StatsSample to) {
    long wall = to.atMillis() - from.atMillis();
    return wall <= 0 ? Double.NaN : (to.stats().requests() - from.stats().requests()) * 1000.0 / wall;
  }

  private static double rate(List<StatsSample> samples, int i) {
    long wall = samples.get(i).atMillis() - samples.get(i - 1).atMillis();
    return wall <= 0 ? 0 : (samples.get(i).stats().requests() - samples.get(i - 1).stats().requests()) / (double) wall;
  }

  /**
   * The server's CPU time per request answered, in microseconds: the steadier figure beside req/s. None when the
   * window measured no CPU at all: the process's CPU clock ticks in 10 ms, and a few slow requests (a reactor loop
   * blocked in /api/block) fit between two ticks; that is no figure, not requests for free.
   */
  public double cpuMicrosPerRequest() {
    return requests == 0 || cpuNanos <= 0 ? Double.NaN : cpuNanos / 1000.0 / requests;
  }

  /** The cores the server kept busy on average: 1.0 is one core. */
  public double serverCores() {
    return toMillis == fromMillis ? Double.NaN : cpuNanos / 1e6 / (toMillis - fromMillis);
  }
}
