package dev.ioloop.app.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Why a row's req/s may not rank its server as the bench does, said beside the row: the load generator shared the
 * server's cores, or had its own cores busy (it, not the server, set the pace), or the rate still rose through the
 * measured window (a JIT warming up: a run without a warm-up, or one too short), or the server answered fewer
 * requests a second than another while spending less CPU on each (it was given less CPU, not slower at the work).
 * Server CPU per request is the steadier figure of the two.
 */
final class RowNotes {
  /** A difference in CPU per request smaller than this share is noise on a busy machine: no note. */
  static final double CPU_MARGIN = 0.10;
  /**
   * A last third this many times the first third's rate: the run measured a JIT warming up (a fresh Gatling JVM's
   * every run: on this lab's demo rows without a warm-up, from 3,000 to 70,000 req/s within 12 s), not a server at
   * its pace.
   */
  static final double STILL_RISING = 2.0;

  private RowNotes() {}

  /** The note beside {@code run} among the runs of its scenario in {@code comparison}; empty when none. */
  static String of(Comparison comparison, ServerRun run) {
    List<String> notes = new ArrayList<>();
    Placement placement = run.placement();
    if (!placement.cpus().isEmpty() && !placement.partitioned()) {
      notes.add(Double.isNaN(placement.loadCores()) ? "Gatling shared the cores"
          : String.format(Locale.ROOT, "Gatling shared the cores (it used %.1f of %d)", placement.loadCores(),
              placement.loadCpus()));
    } else if (placement.loadSaturated()) {
      notes.add(String.format(Locale.ROOT, "Gatling kept its %s busy (%.2f): it may have set the pace",
          placement.loadCpus() == 1 ? "core" : placement.loadCpus() + " cores", placement.loadCores()));
    }
    Optional<LoadedWindow> mine = run.loaded();
    if (mine.isPresent() && mine.get().latePerSecond() > STILL_RISING * mine.get().earlyPerSecond()) {
      boolean warmed = run.measured().isPresent();
      notes.add(String.format(Locale.ROOT, "the rate was still rising (%.0f req/s in the first third of the %s,"
          + " %.0f in the last): warm-up, not capacity (%s)", mine.get().earlyPerSecond(),
          warmed ? "measured phase" : "run", mine.get().latePerSecond(),
          warmed ? "a longer --warmup would leave more of it out" : "--warmup leaves it out"));
    }
    if (mine.isPresent() && !Double.isNaN(mine.get().cpuMicrosPerRequest())) {
      double cost = mine.get().cpuMicrosPerRequest();
      // Against the fastest of the runs that answered more a second while spending more CPU on each: one note.
      comparison.runsOf(run.scenario()).stream()
          .filter(other -> other.report().global().perSecond() > run.report().global().perSecond())
          .flatMap(other -> other.loaded().stream()
              .filter(theirs -> theirs.cpuMicrosPerRequest() > (1 + CPU_MARGIN) * cost)
              .map(theirs -> Map.entry(other, theirs)))
          .max(Comparator.comparingDouble(dearer -> dearer.getKey().report().global().perSecond()))
          .ifPresent(dearer -> notes.add(String.format(Locale.ROOT, "fewer req/s than %s yet less CPU per request"
              + " (%.1f against %.1f µs): it used %.2f cores, %s %.2f", dearer.getKey().server(), cost,
              dearer.getValue().cpuMicrosPerRequest(), mine.get().serverCores(), dearer.getKey().server(),
              dearer.getValue().serverCores())));
    }
    return String.join("; ", notes);
  }
}
