package dev.ioloop.app.report;

import java.util.List;
import java.util.stream.Collectors;
import org.jsoup.nodes.Element;

/** One sampled metric over a run's seconds, a line per server, as inline SVG. */
final class LineChart {
  private static final int WIDTH = 300;
  private static final int HEIGHT = 210;
  private static final int LEFT = 46;
  private static final int RIGHT = 12;
  private static final int TOP = 34;
  private static final int BOTTOM = 30;

  /** A server's samples: x in seconds since sampling began, y the metric. */
  record Series(String label, String color, List<Point> points) {}

  record Point(double seconds, double value) {}

  private LineChart() {}

  static Element svg(String title, String unit, List<Series> allSeries) {
    List<Series> series = allSeries.stream().filter(s -> !s.points().isEmpty()).toList();
    AxisScale xScale = AxisScale.upTo(series.stream().flatMap(s -> s.points().stream())
        .mapToDouble(Point::seconds).max().orElse(0));
    AxisScale yScale = AxisScale.upTo(series.stream().flatMap(s -> s.points().stream())
        .mapToDouble(Point::value).max().orElse(0));
    Element svg = Svg.chart(WIDTH, HEIGHT, title + " (" + unit + ")", series.size());
    double plotWidth = WIDTH - LEFT - RIGHT;
    double plotHeight = HEIGHT - TOP - BOTTOM;
    double baseline = TOP + plotHeight;

    Svg.valueAxis(svg, yScale, LEFT, WIDTH - RIGHT, baseline, plotHeight);
    for (double tick : xScale.ticks()) {
      svg.appendChild(Svg.text("tick", LEFT + plotWidth * xScale.fraction(tick), baseline + 16, "middle",
          AxisScale.label(tick) + " s"));
    }
    for (Series line : series) {
      String tooltip = line.label() + ": " + title;
      if (line.points().size() == 1) {
        Point only = line.points().getFirst();
        svg.appendChild(Svg.withTooltip(Svg.element("circle", "class", "mark",
            "cx", LEFT + plotWidth * xScale.fraction(only.seconds()),
            "cy", baseline - plotHeight * yScale.fraction(only.value()), "r", 3.0, "fill", line.color()), tooltip));
        continue;
      }
      String points = line.points().stream()
          .map(p -> coordinate(LEFT + plotWidth * xScale.fraction(p.seconds())) + ","
              + coordinate(baseline - plotHeight * yScale.fraction(p.value())))
          .collect(Collectors.joining(" "));
      svg.appendChild(Svg.withTooltip(Svg.element("polyline", "class", "mark", "points", points,
          "fill", "none", "stroke", line.color(), "stroke-width", 2.0), tooltip));
    }
    return svg;
  }

  private static String coordinate(double value) {
    return String.format(java.util.Locale.ROOT, "%.1f", value);
  }
}
