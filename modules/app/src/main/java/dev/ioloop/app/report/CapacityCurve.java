package dev.ioloop.app.report;

import dev.ioloop.api.server.ServerStats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.ToDoubleFunction;
import org.HdrHistogram.Histogram;

/**
 * One server's capacity curve: a capacity run (CapacityBlock, CapacitySleep) cut into its levels of concurrent
 * users, each level's throughput and percentiles computed from the run's own records ({@link SimulationLog}), never
 * from Gatling's per-second figures, and its {@code /api/stats} samples averaged over the level.
 *
 * <p>A level is a stretch of at least {@value #SHORTEST_LEVEL_MILLIS} ms in which the number of live users did not
 * change (Gatling's ramps between levels start users every few milliseconds); it lasts until the next user starts,
 * the last one until the last answer (the run's maxDuration). Its first quarter is left out: the users just added
 * have not had their first answers yet. A level's requests are those answered in the rest:
 * throughput is their count over its length, the percentiles their response times (failures included), in an
 * HdrHistogram with 3 significant digits.
 *
 * @param server   the server's name
 * @param request  the request's name (block, sleep)
 * @param steps    the levels, in the order they ran
 */
public record CapacityCurve(String server, String request, List<Step> steps) {
  static final long SHORTEST_LEVEL_MILLIS = 500;
  private static final long HIGHEST_TRACKABLE_MILLIS = 3_600_000;

  public CapacityCurve {
    steps = List.copyOf(steps);
  }

  /**
   * One level.
   *
   * @param users        live virtual users, each with one request in flight at a time
   * @param seconds      the level's length
   * @param answered     requests answered in it, failures included
   * @param failed       of which failed
   * @param perSecond    answered / seconds
   * @param p50          median response time, ms
   * @param p99          99th percentile, ms
   * @param samples      /api/stats samples taken in the level; the means below are NaN without any
   * @param platformThreads mean live platform threads
   * @param virtualThreads  mean live virtual threads
   * @param heapMiB      mean used heap
   * @param poolBusy     mean busy threads of the request pool (platform engine; 0 elsewhere)
   * @param poolQueued   mean requests queued for the pool
   */
  public record Step(int users, double seconds, long answered, long failed, double perSecond, double p50,
      double p99, int samples, double platformThreads, double virtualThreads, double heapMiB, double poolBusy,
      double poolQueued) {}

  /** block2's mean wait (uniform 10-500 ms) for block, sleep's 100 ms: the wait Little's law divides users by. */
  public static double meanWaitSeconds(String request) {
    return switch (request) {
      case "block", "noblock" -> 0.255;
      case "sleep" -> 0.1;
      default -> Double.NaN;
    };
  }

  /** Little's law: users / mean wait, the throughput a server that adds no wait of its own reaches. */
  public double ceiling(int users) {
    return users / meanWaitSeconds(request);
  }

  /**
   * The curve of one run: its log, and its samples with the epoch time sampling began (empty: the samples cannot be
   * placed in time and are left out).
   */
  public static CapacityCurve of(String server, SimulationLog log, List<StatsSample> samples,
      OptionalLong samplingStartEpochMillis) {
    String request = log.requests().stream().map(SimulationLog.Request::name).findFirst().orElse("");
    long runEnd = log.requests().stream().mapToLong(SimulationLog.Request::endMillis).max().orElse(0);
    List<SimulationLog.UserEvent> events = log.users().stream()
        .sorted(Comparator.comparingLong(SimulationLog.UserEvent::atMillis)).toList();
    List<Step> steps = new ArrayList<>();
    int live = 0;
    for (int i = 0; i < events.size(); i++) {
      live += events.get(i).start() ? 1 : -1;
      long from = events.get(i).atMillis();
      long to = i + 1 < events.size() ? events.get(i + 1).atMillis() : runEnd;
      if (live > 0 && to - from >= SHORTEST_LEVEL_MILLIS) {
        // The users just added have their first answers still to come: the level's first quarter is left out.
        steps.add(step(live, from + (to - from) / 4, to, log.requests(), samples, samplingStartEpochMillis));
      }
    }
    return new CapacityCurve(server, request, steps);
  }

  private static Step step(int users, long from, long to, List<SimulationLog.Request> requests,
      List<StatsSample> samples, OptionalLong samplingStart) {
    Histogram histogram = new Histogram(HIGHEST_TRACKABLE_MILLIS, 3);
    long failed = 0;
    for (SimulationLog.Request request : requests) {
      if (request.endMillis() >= from && request.endMillis() < to) {
        histogram.recordValue(Math.clamp(request.responseMillis(), 0, HIGHEST_TRACKABLE_MILLIS));
        failed += request.ok() ? 0 : 1;
      }
    }
    long answered = histogram.getTotalCount();
    double seconds = (to - from) / 1000.0;
    List<ServerStats> inLevel = samplingStart.isEmpty() ? List.of() : samples.stream()
        .filter(s -> samplingStart.getAsLong() + s.atMillis() >= from && samplingStart.getAsLong() + s.atMillis() < to)
        .map(StatsSample::stats)
        .toList();
    return new Step(users, seconds, answered, failed, answered / seconds,
        answered == 0 ? Double.NaN : histogram.getValueAtPercentile(50),
        answered == 0 ? Double.NaN : histogram.getValueAtPercentile(99),
        inLevel.size(),
        mean(inLevel, stats -> stats.threads().platform()),
        mean(inLevel, stats -> stats.threads().virtualAlive()),
        mean(inLevel, stats -> stats.heapUsedBytes() / (1024.0 * 1024.0)),
        mean(inLevel, stats -> stats.pool().busyThreads()),
        mean(inLevel, stats -> stats.pool().queued()));
  }

  private static double mean(List<ServerStats> stats, ToDoubleFunction<ServerStats> value) {
    return stats.stream().mapToDouble(value).average().orElse(Double.NaN);
  }

  /**
   * Where throughput stops following Little's law: the highest level whose throughput is still at least
   * {@code share} of its ceiling (a level below it may have fallen short: the first is the servers' warm-up, and the
   * machine is shared); empty when no level reaches it.
   */
  public java.util.Optional<Step> knee(double share) {
    return steps.stream().filter(step -> step.perSecond() >= share * ceiling(step.users()))
        .max(Comparator.comparingInt(Step::users));
  }

  /** The level of the highest throughput. */
  public java.util.Optional<Step> best() {
    return steps.stream().max(Comparator.comparingDouble(Step::perSecond));
  }
}
