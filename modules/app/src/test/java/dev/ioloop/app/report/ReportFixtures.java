package dev.ioloop.app.report;

import dev.ioloop.api.server.ServerStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs made up for tests of the comparison: each with a report directory on disk so links resolve. */
public final class ReportFixtures {
  private ReportFixtures() {}

  /** A run whose "All Requests" row has these numbers; every percentile between p50 and max. */
  public static ServerRun run(Path root, String scenario, String server, double perSecond, double p50, double max,
      long ko, List<StatsSample> samples) throws IOException {
    Path directory = Files.createDirectories(root.resolve(scenario).resolve(server).resolve("report"));
    Files.writeString(directory.resolve("index.html"), "<html></html>");
    long total = Math.round(perSecond * 10);
    RequestStats global = new RequestStats("All Requests", total, total - ko, ko, 100.0 * ko / total, perSecond,
        1, p50, (p50 + max) / 2, max * 0.9, max * 0.95, max, p50, 1);
    return new ServerRun(server, new GatlingReport(directory, scenario + "Simulation", server, "today", global,
        List.of(global), List.of(new GatlingReport.Assertion("Global: percentage of failed events", ko == 0))),
        samples);
  }

  /** One sample every 250 ms of a server whose in-flight count climbs to {@code peak}. */
  public static List<StatsSample> samples(int count, int peak) {
    List<StatsSample> samples = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long inFlight = (long) peak * i / Math.max(1, count - 1);
      samples.add(new StatsSample(250L * i, new ServerStats("loom", "loom", 1000 + 250L * i, 40L * i, inFlight,
          inFlight + 2, new ServerStats.Threads(20 + i, 100L * i, inFlight, 0), new ServerStats.Loop(0, 0.5 * i, 0),
          ServerStats.Pool.NONE, (64L + i) << 20, 32L << 20, new ServerStats.Latency(40, 300, 900, 1_500),
          1_000_000L * i), 30 + i));
    }
    return samples;
  }

  /**
   * Two scenarios of three servers, as a demo makes them: NoBlock sampled (6 bar + 6 line charts), Block not
   * (6 bar charts): 18 charts in all.
   */
  public static Comparison demoLike(Path root) throws IOException {
    return Comparison.of(List.of(
        run(root, "NoBlock", "reactor", 190.5, 250, 520, 0, samples(12, 48)),
        run(root, "NoBlock", "loom", 192.0, 251, 505, 0, samples(12, 50)),
        run(root, "NoBlock", "jetty", 188.2, 255, 530, 0, samples(1, 50)),
        run(root, "Block", "reactor", 7.6, 6300, 9100, 3, List.of()),
        run(root, "Block", "loom", 191.0, 252, 510, 0, List.of()),
        run(root, "Block", "jetty", 189.9, 254, 512, 0, List.of())));
  }

  public static final int DEMO_LIKE_CHARTS = 18;

  /** A capacity run of four servers on /api/block, as demo --capacity makes one: 7 charts. */
  public static Comparison capacityLike(Path root) throws IOException {
    return Comparison.of(List.of(
        run(root, "CapacityBlock", "reactor", 7.1, 9000, 22000, 0, List.of()),
        run(root, "CapacityBlock", "loom", 2170, 260, 500, 0, List.of()),
        run(root, "CapacityBlock", "jetty", 2000, 270, 520, 0, List.of()),
        run(root, "CapacityBlock", "platform", 770, 900, 1300, 0, List.of())));
  }

  public static final int CAPACITY_LIKE_CHARTS = 7;

  /** The curves of {@link #capacityLike}: the reactor flat at 2 loops / 0.255 s, platform flat at its 200 threads. */
  public static List<CapacityCurves.Entry> capacityCurves() {
    List<CapacityCurves.Entry> curves = new ArrayList<>();
    for (String server : List.of("reactor", "loom", "jetty", "platform")) {
      List<CapacityCurve.Step> steps = new ArrayList<>();
      for (int users = 100; users <= 1000; users += 100) {
        double perSecond = switch (server) {
          case "reactor" -> 7.8;
          case "platform" -> Math.min(users, 200) / 0.26;
          default -> users / 0.27;
        };
        double p99 = users / perSecond * 1000 * 1.9;
        steps.add(new CapacityCurve.Step(users, 1.5, Math.round(perSecond * 1.5), 0, perSecond, p99 / 1.9, p99, 3,
            server.equals("platform") ? 230 : 30, server.equals("platform") ? 0 : users, 80 + users / 10.0,
            server.equals("platform") ? 200 : 0, server.equals("platform") ? Math.max(0, users - 200) : 0));
      }
      // the reactor's /api/stats answers late: no sample in its levels, so no threads or heap
      curves.add(new CapacityCurves.Entry("CapacityBlock", new CapacityCurve(server, "block",
          server.equals("reactor") ? steps.stream().map(step -> new CapacityCurve.Step(step.users(), step.seconds(),
              step.answered(), 0, step.perSecond(), step.p50(), step.p99(), 0, Double.NaN, Double.NaN, Double.NaN,
              Double.NaN, Double.NaN)).toList() : steps)));
    }
    return curves;
  }
}
