package dev.ioloop.bench.perf;

import dev.ioloop.tooling.chart.BarChart;
import dev.ioloop.tooling.chart.ChartSheet;
import dev.ioloop.tooling.chart.Palette;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import org.jsoup.nodes.Element;

/**
 * The run's medians as {@code docs/performance.svg}, one SVG file that docs/performance.md embeds: a bar chart per
 * figure, a bar per server in its colour, the value on each bar, a dashed line where a figure has a target (the
 * fractions of Little's law), and a legend. Drawn by the tooling module's charts, as the comparison page's are.
 */
final class PerformanceChart {
  /** Three charts a row: five fit in two rows at a width a Markdown page shows without shrinking the text much. */
  private static final int COLUMNS = 3;

  private PerformanceChart() {}

  /** One chart: a title, a unit, each server's figure (empty where it did not run), an optional target. */
  private record Figure(String title, String unit, OptionalDouble target, Function<Server, Optional<Double>> value) {}

  static String render(Settings settings, Results results) {
    List<Figure> figures = List.of(
        new Figure("/api/hello, 64 conn.", "req/s", OptionalDouble.empty(),
            server -> results.median(Scenario.HELLO, server, Results.Sample::requestsPerSecond)),
        new Figure("sleep 100 ms, 1,000 conn.", "of Little", OptionalDouble.of(0.9),
            server -> results.littleFraction(Scenario.SLEEP_1000, server)),
        new Figure("sleep 100 ms, 5,000 conn.", "of Little", OptionalDouble.of(0.9),
            server -> results.littleFraction(Scenario.SLEEP_5000, server)),
        new Figure("/api/noblock, 2,000 conn.", "of Little", OptionalDouble.of(0.95),
            server -> results.littleFraction(Scenario.NOBLOCK_2000, server)),
        new Figure("live heap per waiting request", "B", OptionalDouble.empty(),
            server -> results.memoryMedian(server, Results.Memory::heapBytesPerRequest)));
    List<Element> charts = figures.stream()
        .map(figure -> BarChart.svg(figure.title(), figure.unit(), settings.servers().stream()
            .map(server -> new BarChart.Bar(server.label, figure.value().apply(server).orElse(Double.NaN),
                Palette.of(server.engine)))
            .toList(), figure.target()))
        .toList();
    List<ChartSheet.LegendEntry> legend = settings.servers().stream()
        .map(server -> new ChartSheet.LegendEntry(server.label, Palette.of(server.engine)))
        .toList();
    return ChartSheet.render("ioloop bench: the medians of one run", charts, legend, COLUMNS);
  }
}
