package dev.ioloop.app.report;

import dev.ioloop.api.server.ServerStats;
import dev.ioloop.tooling.chart.BarChart;
import dev.ioloop.tooling.chart.LineChart;
import dev.ioloop.tooling.chart.Palette;
import dev.ioloop.tooling.chart.Svg;
import dev.ioloop.tooling.chart.XYChart;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.jsoup.nodes.DataNode;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * The comparison as one self-contained HTML page: inline CSS, charts as inline SVG drawn on the server (the tooling
 * module's {@link BarChart} and {@link LineChart}, each server in its {@link Palette} colour), one small inline
 * script. It fetches nothing, so it opens offline and from an archive. For each scenario: a bar chart per metric
 * with a bar per server, then, for runs that were sampled, each server's /api/stats over the run. Links to every
 * Gatling report, relative to the page.
 */
public final class ComparisonPage {
  public static final String FILE_NAME = "comparison.html";
  /** The element the page's script fills once the charts are laid out; the browser test reads it. */
  public static final String RENDER_CHECK_ID = "render-check";

  /** A bar chart: one number of a run's "All Requests" row. */
  private record RequestMetric(String title, String unit, ToDoubleFunction<RequestStats> value) {}

  /** A line chart: one number of the /api/stats samples. */
  private record SampledMetric(String title, String unit, ToDoubleFunction<ServerStats> value) {}

  private static final List<RequestMetric> REQUEST_METRICS = List.of(
      new RequestMetric("Throughput", "req/s", RequestStats::perSecond),
      new RequestMetric("Median (p50)", "ms", RequestStats::p50),
      new RequestMetric("p95", "ms", RequestStats::p95),
      new RequestMetric("p99", "ms", RequestStats::p99),
      new RequestMetric("Max", "ms", RequestStats::max),
      new RequestMetric("Failed requests", "count", stats -> stats.ko()));

  private static final List<SampledMetric> SAMPLED_METRICS = List.of(
      new SampledMetric("In flight", "requests", ServerStats::inFlight),
      new SampledMetric("Open connections", "count", ServerStats::openConnections),
      new SampledMetric("Platform threads", "count", stats -> stats.threads().platform()),
      new SampledMetric("Virtual threads alive", "count", stats -> stats.threads().virtualAlive()),
      new SampledMetric("Loop lag", "ms", stats -> stats.loop().lagMillis()),
      new SampledMetric("Heap used", "MiB", stats -> stats.heapUsedBytes() / (1024.0 * 1024.0)));

  private static final String STYLE = """
      body { font: 14px/1.45 system-ui, sans-serif; margin: 24px; color: #222; max-width: 1400px; }
      h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 28px 0 8px; }
      h3 { font-size: 14px; margin: 14px 0 6px; color: #555; }
      .legend span { display: inline-block; margin-right: 14px; }
      .swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 5px;
        vertical-align: -1px; }
      table { border-collapse: collapse; margin: 8px 0; }
      th, td { padding: 3px 10px; border-bottom: 1px solid #ddd; text-align: left; white-space: nowrap; }
      td.number { text-align: right; font-variant-numeric: tabular-nums; }
      tr.first-of-scenario td { border-top: 2px solid #999; }
      .charts { display: flex; flex-wrap: wrap; gap: 8px; max-width: 940px; }
      .failed { color: #b00; font-weight: 600; }
      td.note { white-space: normal; min-width: 360px; max-width: 480px; color: #555; font-size: 12px; }
      footer { margin-top: 28px; color: #777; font-size: 12px; }
      """ + Svg.STYLE;

  /** Before anything else runs: records any script error, for the check below. */
  private static final String ERROR_TRAP = """
      window.pageErrors = [];
      window.addEventListener('error', function (event) { window.pageErrors.push(String(event.message)); });
      """;

  /**
   * Checks what a person would see: every chart laid out with a size, and each of its data marks (bars, lines)
   * drawn. Writes the outcome into the footer, where the browser test reads it from the rendered DOM.
   */
  private static final String RENDER_CHECK = """
      (function () {
        var charts = Array.prototype.slice.call(document.querySelectorAll('svg.chart'));
        var broken = charts.filter(function (svg) {
          var box = svg.getBoundingClientRect();
          var marks = Array.prototype.slice.call(svg.querySelectorAll('.mark'));
          var drawn = marks.filter(function (mark) {
            var shape = mark.getBBox();
            return shape.width > 0 || shape.height > 0;
          });
          return box.width === 0 || box.height === 0 || drawn.length !== Number(svg.dataset.marks);
        });
        var check = document.getElementById('%s');
        check.dataset.charts = charts.length;
        check.dataset.rendered = charts.length - broken.length;
        check.dataset.errors = window.pageErrors.length;
        check.textContent = broken.length === 0
            ? 'All ' + charts.length + ' charts rendered.'
            : broken.length + ' of ' + charts.length + ' charts did not render.';
      })();
      """.formatted(RENDER_CHECK_ID);

  private ComparisonPage() {}

  /** Writes comparison.html into {@code directory}; returns its path. */
  public static Path write(Comparison comparison, Path directory) throws IOException {
    return write(comparison, List.of(), directory);
  }

  /** The same, with the capacity runs' curves drawn against concurrent users. */
  public static Path write(Comparison comparison, List<CapacityCurves.Entry> curves, Path directory)
      throws IOException {
    Files.createDirectories(directory);
    Path page = directory.resolve(FILE_NAME);
    Files.writeString(page, render(comparison, curves, directory));
    return page;
  }

  static String render(Comparison comparison, Path directory) {
    return render(comparison, List.of(), directory);
  }

  /** The page, with report links relative to {@code directory}, where it will be written. */
  static String render(Comparison comparison, List<CapacityCurves.Entry> curves, Path directory) {
    Document document = Document.createShell("");
    document.head().appendElement("meta").attr("charset", "utf-8");
    document.head().appendElement("meta").attr("name", "viewport").attr("content", "width=device-width");
    document.title("ioloop: servers side by side");
    document.head().appendElement("style").appendChild(new DataNode(STYLE));
    document.head().appendElement("script").appendChild(new DataNode(ERROR_TRAP));

    Element body = document.body();
    body.appendElement("h1").text("ioloop: servers side by side");
    body.appendElement("p").text(comparison.runs().size() + " Gatling runs, " + comparison.scenarios().size()
        + " scenarios, compared " + ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME) + ".");
    legend(body, comparison);
    summary(body.appendElement("section").attr("id", "summary"), comparison, directory);
    if (comparison.runs().stream().anyMatch(run -> !run.injectors().isEmpty())) {
      injectors(body.appendElement("section").attr("id", "injectors"), comparison, directory);
    }
    for (String scenario : comparison.scenarios()) {
      Element section = body.appendElement("section").attr("id", "scenario-" + scenario).addClass("scenario");
      List<CapacityCurve> ofScenario = curves.stream().filter(entry -> entry.scenario().equals(scenario))
          .map(CapacityCurves.Entry::curve).toList();
      if (ofScenario.isEmpty()) {
        scenario(section, comparison, scenario, directory);
      } else {
        capacity(section.addClass("capacity"), comparison, scenario, ofScenario, directory);
      }
    }
    Element footer = body.appendElement("footer");
    footer.appendElement("output").attr("id", RENDER_CHECK_ID).text("Charts not checked: scripts are off.");
    body.appendElement("script").appendChild(new DataNode(RENDER_CHECK));
    return document.outerHtml();
  }

  private static void legend(Element body, Comparison comparison) {
    Element legend = body.appendElement("p").addClass("legend");
    for (String server : comparison.servers()) {
      Element entry = legend.appendElement("span");
      entry.appendElement("span").addClass("swatch").attr("style", "background:" + color(comparison, server));
      entry.appendText(server);
    }
  }

  private static void summary(Element section, Comparison comparison, Path directory) {
    section.appendElement("h2").text("Summary");
    section.appendElement("p").attr("id", "counted").text(counted(comparison) + "; times in ms. CPU"
        + " µs/req: the server process's CPU time per request answered while it was loaded (its /api/stats), the"
        + " steadier figure: req/s is also what the load generator and the machine let through. A note beside a"
        + " row says where the two may rank servers differently.");
    List<String> placements = comparison.runs().stream().map(run -> run.placement().cpus())
        .filter(cpus -> !cpus.isEmpty()).distinct().toList();
    if (!placements.isEmpty()) {
      section.appendElement("p").attr("id", "placement").text("Where each side ran: " + String.join("; ",
          placements) + ".");
    }
    Element table = section.appendElement("table");
    Element header = table.appendElement("thead").appendElement("tr");
    ComparisonTable.headers().forEach(name -> header.appendElement("th").text(name));
    header.appendElement("th").text("Report");
    Element rows = table.appendElement("tbody");
    List<List<String>> cells = ComparisonTable.rows(comparison);
    List<ServerRun> runs = comparison.scenarios().stream().flatMap(s -> comparison.runsOf(s).stream()).toList();
    for (int i = 0; i < runs.size(); i++) {
      Element row = rows.appendElement("tr");
      if (i > 0 && !runs.get(i - 1).scenario().equals(runs.get(i).scenario())) {
        row.addClass("first-of-scenario");
      }
      for (int column = 0; column < cells.get(i).size(); column++) {
        Element cell = row.appendElement("td").text(cells.get(i).get(column));
        if (ComparisonTable.COLUMNS.get(column).numeric()) {
          cell.addClass("number");
        }
      }
      if (!runs.get(i).report().assertionsHeld()) {
        row.child(ComparisonTable.headers().indexOf(ComparisonTable.ASSERTIONS)).addClass("failed");
      }
      row.child(ComparisonTable.headers().indexOf(ComparisonTable.NOTE)).addClass("note");
      row.appendElement("td").appendElement("a").attr("href", ReportLinks.relative(directory, runs.get(i)))
          .text("Gatling report");
    }
  }

  /** What the table's figures count: every request of each run, or those after its warm-up. */
  public static String counted(Comparison comparison) {
    List<MeasuredPhase> phases = comparison.runs().stream().flatMap(run -> run.measured().stream()).toList();
    if (phases.isEmpty()) {
      return "Each run's \"All Requests\" row from its Gatling report";
    }
    String counted = "Figures from the " + seconds(phases, MeasuredPhase::seconds) + " s after a "
        + seconds(phases, MeasuredPhase::warmUpSeconds) + " s warm-up, whose requests are left out: each run's"
        + " requests after it in its simulation.log (its Gatling report counts both), the CPU over the same span";
    return phases.size() == comparison.runs().size() ? counted
        : counted + " (" + phases.size() + " of " + comparison.runs().size() + " runs; the others had no warm-up"
            + " and count every request)";
  }

  /** The runs' lengths to the second: one figure, or the range when they differ. */
  private static String seconds(List<MeasuredPhase> phases, ToDoubleFunction<MeasuredPhase> length) {
    long shortest = Math.round(phases.stream().mapToDouble(length).min().orElseThrow());
    long longest = Math.round(phases.stream().mapToDouble(length).max().orElseThrow());
    return shortest == longest ? Long.toString(shortest) : shortest + "-" + longest;
  }

  /**
   * The runs merged from several injectors: each injector's share, what it offered and its CPU use, and a flag where
   * the injector (not the server) may have been the limit.
   */
  private static void injectors(Element section, Comparison comparison, Path directory) {
    section.appendElement("h2").text("Injectors");
    section.appendElement("p").text("Runs merged from several load injectors: the row above counts every request of"
        + " every injector's simulation.log, its percentiles from one histogram of all their response times."
        + " Offered: the requests (and users) an injector sent per second over its injection window. CPU: its"
        + " Gatling JVM's use of its machine's cores over that window (mean, and the busiest second). An injector"
        + " is flagged when its mean CPU reaches " + pct(InjectorRun.SATURATED_MEAN_CPU) + ", its busiest second "
        + pct(InjectorRun.SATURATED_PEAK_CPU) + ", or (open model) it started fewer than "
        + pct(InjectorRun.OPEN_MODEL_SHORTFALL) + " of the users asked: then the injectors, not the server, may"
        + " have limited the load (docs/scale-out.md).");
    Element table = section.appendElement("table");
    Element header = table.appendElement("thead").appendElement("tr");
    List.of("Scenario", "Server", "Injector", "Requests", "OK", "KO", "Offered req/s", "Users/s", "CPU mean",
        "CPU peak", "Saturated?", "Report").forEach(name -> header.appendElement("th").text(name));
    Element rows = table.appendElement("tbody");
    for (ServerRun run : comparison.runs()) {
      for (InjectorRun injector : run.injectors()) {
        Element row = rows.appendElement("tr").addClass("injector");
        row.appendElement("td").text(run.scenario());
        row.appendElement("td").text(run.server());
        row.appendElement("td").text(injector.name());
        number(row, String.valueOf(injector.requests()));
        number(row, String.valueOf(injector.ok()));
        number(row, String.valueOf(injector.requests() - injector.ok()));
        number(row, String.format(java.util.Locale.ROOT, "%.1f", injector.offeredPerSecond()));
        number(row, String.format(java.util.Locale.ROOT, "%.1f", injector.usersPerSecond()));
        number(row, pct(injector.cpuMean()));
        number(row, pct(injector.cpuPeak()));
        String saturation = injector.saturation();
        Element flag = row.appendElement("td").text(saturation.isEmpty() ? "no" : "SATURATED: " + saturation);
        if (!saturation.isEmpty()) {
          flag.addClass("failed");
        }
        row.appendElement("td").appendElement("a")
            .attr("href", ReportLinks.relative(directory, injector.report())).text("Gatling report");
      }
      if (!run.injectors().isEmpty()) {
        Element total = rows.appendElement("tr").addClass("merged");
        total.appendElement("td").text(run.scenario());
        total.appendElement("td").text(run.server());
        total.appendElement("td").text("merged (" + run.injectors().size() + " injectors)");
        number(total, String.valueOf(run.report().global().total()));
        number(total, String.valueOf(run.report().global().ok()));
        number(total, String.valueOf(run.report().global().ko()));
        number(total, String.format(java.util.Locale.ROOT, "%.1f",
            run.injectors().stream().mapToDouble(InjectorRun::offeredPerSecond).sum()));
        number(total, String.format(java.util.Locale.ROOT, "%.1f",
            run.injectors().stream().mapToDouble(InjectorRun::usersPerSecond).sum()));
        total.appendElement("td");
        total.appendElement("td");
        boolean saturated = run.injectors().stream().anyMatch(injector -> !injector.saturation().isEmpty());
        Element flag = total.appendElement("td").text(saturated
            ? "INJECTORS SATURATED: the server's figures above may understate it" : "no");
        if (saturated) {
          flag.addClass("failed");
        }
        total.appendElement("td");
      }
    }
  }

  private static void number(Element row, String text) {
    row.appendElement("td").addClass("number").text(text);
  }

  private static String pct(double share) {
    return Double.isNaN(share) ? "-" : String.format(java.util.Locale.ROOT, "%.0f%%", 100 * share);
  }

  private static void scenario(Element section, Comparison comparison, String scenario, Path directory) {
    List<ServerRun> runs = comparison.runsOf(scenario);
    section.appendElement("h2").text(scenario);
    Element bars = section.appendElement("div").addClass("charts");
    for (RequestMetric metric : REQUEST_METRICS) {
      bars.appendChild(BarChart.svg(metric.title(), metric.unit(), runs.stream()
          .map(run -> new BarChart.Bar(run.server(), metric.value().applyAsDouble(run.report().global()),
              color(comparison, run.server())))
          .toList()));
    }
    if (runs.stream().anyMatch(run -> !run.samples().isEmpty())) {
      section.appendElement("h3").text("Each server's /api/stats during its run");
      Element lines = section.appendElement("div").addClass("charts");
      for (SampledMetric metric : SAMPLED_METRICS) {
        lines.appendChild(LineChart.svg(metric.title(), metric.unit(), runs.stream()
            .map(run -> new LineChart.Series(run.server(), color(comparison, run.server()), run.samples().stream()
                .map(sample -> new LineChart.Point(sample.atMillis() / 1000.0,
                    metric.value().applyAsDouble(sample.stats())))
                .toList()))
            .toList()));
      }
    }
    Element links = section.appendElement("p").appendText("Gatling reports: ");
    for (ServerRun run : runs) {
      links.appendElement("a").attr("href", ReportLinks.relative(directory, run)).text(run.server());
      links.appendText(" ");
    }
  }

  /** A capacity curve's metric against concurrent users. */
  private record StepMetric(String title, String unit, ToDoubleFunction<CapacityCurve.Step> value) {}

  private static final List<StepMetric> STEP_METRICS = List.of(
      new StepMetric("p99", "ms", CapacityCurve.Step::p99),
      new StepMetric("Median (p50)", "ms", CapacityCurve.Step::p50),
      new StepMetric("Platform threads", "count", CapacityCurve.Step::platformThreads),
      new StepMetric("Virtual threads alive", "count", CapacityCurve.Step::virtualThreads),
      new StepMetric("Requests queued for the pool", "count", CapacityCurve.Step::poolQueued),
      new StepMetric("Heap used", "MiB", CapacityCurve.Step::heapMiB));

  /**
   * A capacity run: throughput against concurrent users with Little's law's ceiling, then latency and each
   * server's /api/stats per level, all computed from the run's own records (CapacityCurve).
   */
  private static void capacity(Element section, Comparison comparison, String scenario, List<CapacityCurve> curves,
      Path directory) {
    String request = curves.getFirst().request();
    double wait = CapacityCurve.meanWaitSeconds(request);
    section.appendElement("h2").text(scenario + ": /api/" + request + " against concurrent users");
    section.appendElement("p").text(String.format(java.util.Locale.ROOT, "Each point is one level of the run:"
        + " the requests answered while that many users were live, their throughput and percentiles computed from"
        + " Gatling's own records (simulation.log), the /api/stats samples of the level averaged. The dashed line"
        + " is Little's law, users / %.3f s (the mean wait of /api/%s).", wait, request));
    Element charts = section.appendElement("div").addClass("charts");
    charts.appendChild(XYChart.svg("Throughput", "req/s", "users", series(comparison, curves,
        CapacityCurve.Step::perSecond), java.util.Optional.of(new XYChart.Reference(
            String.format(java.util.Locale.ROOT, "users / %.3f s", wait), 1 / wait))));
    for (StepMetric metric : STEP_METRICS) {
      charts.appendChild(XYChart.svg(metric.title(), metric.unit(), "users",
          series(comparison, curves, metric.value()), java.util.Optional.empty()));
    }
    Element knees = section.appendElement("ul");
    curves.forEach(curve -> knees.appendElement("li").text(CapacityCurves.knee(curve)));
    Element links = section.appendElement("p").appendText("Gatling reports: ");
    for (ServerRun run : comparison.runsOf(scenario)) {
      links.appendElement("a").attr("href", ReportLinks.relative(directory, run)).text(run.server());
      links.appendText(" ");
    }
  }

  private static List<XYChart.Series> series(Comparison comparison, List<CapacityCurve> curves,
      ToDoubleFunction<CapacityCurve.Step> value) {
    return curves.stream().map(curve -> new XYChart.Series(curve.server(), color(comparison, curve.server()),
        curve.steps().stream().filter(step -> !Double.isNaN(value.applyAsDouble(step)))
            .map(step -> new XYChart.Point(step.users(), value.applyAsDouble(step))).toList())).toList();
  }

  /** The server's colour in every chart: its engine's (see {@link Palette}). */
  private static String color(Comparison comparison, String server) {
    return Palette.of(comparison.servers()).get(server);
  }
}
