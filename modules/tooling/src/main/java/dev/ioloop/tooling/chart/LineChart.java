package dev.ioloop.tooling.chart;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.jsoup.nodes.Element;

/** One sampled metric over a run's seconds, a line per server, as inline SVG. */
public final class LineChart {
  private static final Frame FRAME = Frame.standard(12);
  private static final double GAP_FACTOR = 2.5;

  /** A server's samples: x in seconds since sampling began, y the metric. */
  public record Series(String label, String color, List<Point> points) {}

  public record Point(double seconds, double value) {}

  private LineChart() {}

  public static Element svg(String title, String unit, List<Series> allSeries) {
    List<Series> series = allSeries.stream().filter(s -> !s.points().isEmpty()).toList();
    AxisScale xScale = AxisScale.upTo(series.stream().flatMap(s -> s.points().stream())
        .mapToDouble(Point::seconds).max().orElse(0));
    AxisScale yScale = AxisScale.upTo(series.stream().flatMap(s -> s.points().stream())
        .mapToDouble(Point::value).max().orElse(0));
    Element svg = Svg.chart(FRAME, title + " (" + unit + ")", series.size());
    double left = FRAME.left();
    double plotWidth = FRAME.plotWidth();
    double plotHeight = FRAME.plotHeight();
    double baseline = FRAME.baseline();

    Svg.valueAxis(svg, yScale, FRAME);
    for (double tick : xScale.ticks()) {
      svg.appendChild(Svg.text("tick", left + plotWidth * xScale.fraction(tick), baseline + 16, "middle",
          AxisScale.label(tick) + " s"));
    }
    for (Series line : series) {
      String tooltip = line.label() + ": " + title;
      for (List<Point> stretch : stretches(line.points())) {
        if (stretch.size() == 1) {
          Point only = stretch.getFirst();
          svg.appendChild(Svg.withTooltip(Svg.element("circle", "class", "mark",
              "cx", left + plotWidth * xScale.fraction(only.seconds()),
              "cy", baseline - plotHeight * yScale.fraction(only.value()), "r", 3.0, "fill", line.color()), tooltip));
          continue;
        }
        String points = stretch.stream()
            .map(p -> coordinate(left + plotWidth * xScale.fraction(p.seconds())) + ","
                + coordinate(baseline - plotHeight * yScale.fraction(p.value())))
            .collect(Collectors.joining(" "));
        svg.appendChild(Svg.withTooltip(Svg.element("polyline", "class", "mark", "points", points,
            "fill", "none", "stroke", line.color(), "stroke-width", 2.0), tooltip));
      }
    }
    return svg;
  }

  /**
   * The points cut where samples are missing: a step more than {@value #GAP_FACTOR} times the series' usual (median)
   * step between samples is a gap. A server too busy to answer its {@code /api/stats} leaves one, and a line drawn
   * across it would look like a steady change nobody measured.
   */
  public static List<List<Point>> stretches(List<Point> points) {
    List<List<Point>> stretches = new ArrayList<>();
    if (points.isEmpty()) {
      return stretches;
    }
    double gap = GAP_FACTOR * medianStep(points);
    List<Point> current = new ArrayList<>(List.of(points.getFirst()));
    for (int i = 1; i < points.size(); i++) {
      if (points.get(i).seconds() - points.get(i - 1).seconds() > gap) {
        stretches.add(current);
        current = new ArrayList<>();
      }
      current.add(points.get(i));
    }
    stretches.add(current);
    return stretches;
  }

  private static double medianStep(List<Point> points) {
    double[] steps = new double[points.size() - 1];
    for (int i = 1; i < points.size(); i++) {
      steps[i - 1] = points.get(i).seconds() - points.get(i - 1).seconds();
    }
    if (steps.length == 0) {
      return 0;
    }
    Arrays.sort(steps);
    return steps[steps.length / 2];
  }

  private static String coordinate(double value) {
    return String.format(java.util.Locale.ROOT, "%.1f", value);
  }
}
