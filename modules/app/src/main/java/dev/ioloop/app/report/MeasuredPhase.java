package dev.ioloop.app.report;

import java.util.List;
import java.util.Optional;

/**
 * The part of a run after its warm-up, from the run's own request records: the requests of the warm-up group
 * ({@link SimulationLog#WARM_UP_GROUP}) are the warm-up, every other one is measured. The page's figures and the
 * server's CPU window are the measured phase's.
 *
 * @param warmUpMillis how long the warm-up ran: from its first request's start to the first measured one's
 * @param fromMillis   the first measured request's start
 * @param toMillis     the last measured answer
 */
public record MeasuredPhase(long warmUpMillis, long fromMillis, long toMillis) {
  /** The phase of these requests; empty when none was a warm-up's (a run without one: every request counts). */
  public static Optional<MeasuredPhase> of(List<SimulationLog.Request> requests) {
    long warmUpStart = requests.stream().filter(SimulationLog.Request::warmUp)
        .mapToLong(SimulationLog.Request::startMillis).min().orElse(Long.MAX_VALUE);
    List<SimulationLog.Request> measured = requests.stream().filter(request -> !request.warmUp()).toList();
    if (warmUpStart == Long.MAX_VALUE || measured.isEmpty()) {
      return Optional.empty();
    }
    long from = measured.stream().mapToLong(SimulationLog.Request::startMillis).min().orElseThrow();
    long to = measured.stream().mapToLong(SimulationLog.Request::endMillis).max().orElseThrow();
    return Optional.of(new MeasuredPhase(from - warmUpStart, from, to));
  }

  /** The same phase on a clock that starts at {@code originMillis} (the /api/stats samples' clock). */
  public MeasuredPhase since(long originMillis) {
    return new MeasuredPhase(warmUpMillis, fromMillis - originMillis, toMillis - originMillis);
  }

  public double seconds() {
    return (toMillis - fromMillis) / 1000.0;
  }

  public double warmUpSeconds() {
    return warmUpMillis / 1000.0;
  }
}
