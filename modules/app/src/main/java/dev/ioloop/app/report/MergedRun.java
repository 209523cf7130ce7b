package dev.ioloop.app.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The injectors of one scaled-out run merged into one server's run: every request record after the warm-up of every
 * injector's simulation.log, in one {@link RequestTable}, so a merged percentile is a percentile of every response
 * time, never an average of the injectors' percentiles. The totals are the sums of the logs by construction. Each
 * injector's own Gatling report stays beside it, linked from the page.
 */
public final class MergedRun {
  private MergedRun() {}

  /**
   * Groups the reports given: those of injectors (an injector.properties beside them) merged per run, label and
   * simulation; any other report read on its own ({@link ServerRun#read}). Keeps the order in which each group's
   * first report came.
   */
  public static List<ServerRun> read(List<Path> reports, List<Path> gatlingClasspath) throws IOException {
    Map<String, List<InjectorRun>> groups = new LinkedHashMap<>();
    Map<String, ServerRun> byKey = new LinkedHashMap<>();
    for (Path report : reports) {
      if (InjectorRun.isInjectorReport(report)) {
        InjectorRun injector = InjectorRun.read(report, gatlingClasspath);
        groups.computeIfAbsent(injector.groupKey(), key -> {
          byKey.put(key, null);
          return new ArrayList<>();
        }).add(injector);
      } else {
        byKey.put(report.toString(), ServerRun.read(report, gatlingClasspath));
      }
    }
    List<ServerRun> runs = new ArrayList<>();
    for (Map.Entry<String, ServerRun> entry : byKey.entrySet()) {
      runs.add(entry.getValue() != null ? entry.getValue() : merge(groups.get(entry.getKey())));
    }
    return runs;
  }

  /**
   * One server's run from its injectors' logs. Its assertions are the injectors' own, each as its Gatling report
   * states it (a merged run has none of its own): the row says "failed" when any injector's failed.
   */
  public static ServerRun merge(List<InjectorRun> injectors) throws IOException {
    List<InjectorRun> sorted = injectors.stream().sorted(Comparator.comparingInt(InjectorRun::k)).toList();
    InjectorRun first = sorted.getFirst();
    List<SimulationLog.Request> all = sorted.stream().flatMap(injector -> injector.log().requests().stream())
        .toList();
    RequestTable table = RequestTable.of(all.stream().filter(request -> !request.warmUp()).toList());
    String simulation = first.log().simulation();
    GatlingReport report = new GatlingReport(first.report(), simulation.substring(simulation.lastIndexOf('.') + 1),
        first.label(), java.time.Instant.ofEpochMilli(first.log().runStartMillis()).toString(),
        table.global(), table.requests(), assertions(sorted));
    return new ServerRun(first.label(), report, List.of(), sorted, Placement.UNKNOWN, MeasuredPhase.of(all));
  }

  private static List<GatlingReport.Assertion> assertions(List<InjectorRun> injectors) throws IOException {
    List<GatlingReport.Assertion> assertions = new ArrayList<>();
    for (InjectorRun injector : injectors) {
      if (!java.nio.file.Files.isRegularFile(injector.report().resolve("index.html"))) {
        continue; // a log without its report (copied alone): its assertions are unknown, not failed
      }
      for (GatlingReport.Assertion own : GatlingReportParser.parse(injector.report()).assertions()) {
        assertions.add(new GatlingReport.Assertion("injector " + injector.k() + "/" + injector.n() + ": "
            + own.statement(), own.held()));
      }
    }
    return assertions;
  }
}
