package dev.ioloop.app.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The capacity runs of a comparison as curves, and their table: what the page draws and the console prints. */
public final class CapacityCurves {
  /** A capacity scenario's name starts so (CapacityBlock, CapacitySleep). */
  public static final String SCENARIO_PREFIX = "Capacity";
  /** A level whose throughput is at least this share of Little's law's still follows it. */
  public static final double FOLLOWS = 0.9;

  private CapacityCurves() {}

  public static boolean isCapacity(String scenario) {
    return scenario.startsWith(SCENARIO_PREFIX);
  }

  /** Each capacity run's curve, read from its simulation.log with the Gatling reader on {@code gatlingClasspath}. */
  public static List<Entry> of(Comparison comparison, List<Path> gatlingClasspath) throws IOException {
    List<Entry> curves = new ArrayList<>();
    for (String scenario : comparison.scenarios()) {
      if (!isCapacity(scenario)) {
        continue;
      }
      for (ServerRun run : comparison.runsOf(scenario)) {
        Path directory = run.report().directory();
        SimulationLog log = SimulationLog.read(directory, gatlingClasspath);
        curves.add(new Entry(scenario, CapacityCurve.of(run.server(), log, run.samples(),
            StatsSamples.readStart(directory))));
      }
    }
    return curves;
  }

  /** A scenario's curve of one server. */
  public record Entry(String scenario, CapacityCurve curve) {}

  /** Per scenario and server: each level's users, req/s against the ceiling, p50, p99; then the knee. */
  public static String text(List<Entry> curves) {
    StringBuilder text = new StringBuilder();
    String scenario = null;
    for (Entry entry : curves) {
      CapacityCurve curve = entry.curve();
      if (!entry.scenario().equals(scenario)) {
        scenario = entry.scenario();
        text.append(String.format(Locale.ROOT, "%s (/api/%s; Little's law: users / %.3f s)%n", scenario,
            curve.request(), CapacityCurve.meanWaitSeconds(curve.request())));
        text.append(String.format(Locale.ROOT, "  %-9s %6s %8s %8s %8s %8s %7s %8s %7s%n", "server", "users",
            "req/s", "ceiling", "p50 ms", "p99 ms", "failed", "threads", "queued"));
      }
      for (CapacityCurve.Step step : curve.steps()) {
        text.append(String.format(Locale.ROOT, "  %-9s %6d %8.0f %8.0f %8.0f %8.0f %7d %8.0f %7.0f%n",
            curve.server(), step.users(), step.perSecond(), curve.ceiling(step.users()), step.p50(), step.p99(),
            step.failed(), step.platformThreads(), step.poolQueued()));
      }
      text.append("  ").append(knee(curve)).append(System.lineSeparator());
    }
    return text.toString();
  }

  /** One line: where the server stops following the ceiling, and its best throughput. */
  public static String knee(CapacityCurve curve) {
    Optional<CapacityCurve.Step> knee = curve.knee(FOLLOWS);
    long percent = Math.round(FOLLOWS * 100);
    boolean followsToTheEnd = knee.isPresent() && knee.get() == curve.steps().getLast();
    String where = knee.isEmpty() ? "below " + percent + "% of the ceiling at every level"
        : followsToTheEnd ? String.format(Locale.ROOT, "follows the ceiling (at least %d%%) to the last level, %d users"
            + " (%.0f req/s)", percent, knee.get().users(), knee.get().perSecond())
        : String.format(Locale.ROOT, "follows the ceiling up to %d users (%.0f req/s), below %d%% of it above",
            knee.get().users(), knee.get().perSecond(), percent);
    String best = curve.best().map(step -> String.format(Locale.ROOT, "best %.0f req/s at %d users",
        step.perSecond(), step.users())).orElse("no answers");
    return curve.server() + ": " + where + "; " + best;
  }
}
