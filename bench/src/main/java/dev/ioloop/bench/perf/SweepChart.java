package dev.ioloop.bench.perf;

import dev.ioloop.tooling.chart.ChartSheet;
import dev.ioloop.tooling.chart.Palette;
import dev.ioloop.tooling.chart.XYChart;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.jsoup.nodes.Element;

/**
 * The sweep as {@code docs/performance-sweep.svg}: server CPU per request, live heap per in-flight request and the
 * fraction of Little's law against the connections, a line per server in its colour, and a legend.
 */
final class SweepChart {
  private SweepChart() {}

  static String render(SweepSettings settings, List<SweepStep> steps) {
    List<Element> charts = List.of(
        chart("server CPU per request", "µs", settings, steps, SweepStep::cpuMicrosPerRequest),
        chart("live heap per in-flight request", "B", settings, steps,
            step -> step.memory().heapBytesPerRequest()),
        chart("throughput", "of Little's law", settings, steps, SweepStep::littleFraction));
    List<ChartSheet.LegendEntry> legend = settings.servers().stream()
        .map(server -> new ChartSheet.LegendEntry(server.label, Palette.of(server.engine)))
        .toList();
    return ChartSheet.render("ioloop bench --sweep: cost per request against connections", charts, legend,
        charts.size());
  }

  /** A line per server through its steps, fewest connections first; a figure not measured is left out. */
  private static Element chart(String title, String unit, SweepSettings settings, List<SweepStep> steps,
      ToDoubleFunction<SweepStep> figure) {
    List<XYChart.Series> series = settings.servers().stream()
        .map(server -> new XYChart.Series(server.label, Palette.of(server.engine), steps.stream()
            .filter(step -> step.server() == server && Double.isFinite(figure.applyAsDouble(step)))
            .sorted((a, b) -> Integer.compare(a.load().connections(), b.load().connections()))
            .map(step -> new XYChart.Point(step.load().connections(), figure.applyAsDouble(step)))
            .toList()))
        .toList();
    return XYChart.svg(title, unit, "connections", series, Optional.empty());
  }
}
