package dev.ioloop.tooling.chart;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jsoup.nodes.Element;

/**
 * A metric against a numeric x (concurrent users, ...), a line with a dot per point for each server, as inline SVG;
 * optionally a straight reference line through the origin (Little's law's users / wait), dashed and cut where it
 * leaves the plot. The y axis is scaled to the measured points, not to the reference, so that a ceiling far above
 * what was reached does not flatten the measurements.
 */
public final class XYChart {
  private static final Frame FRAME = Frame.standard(14);

  /** One server's points, in x order. */
  public record Series(String label, String color, List<Point> points) {
    public Series {
      points = List.copyOf(points);
    }
  }

  public record Point(double x, double y) {}

  /** y = slope * x, drawn dashed and labelled. */
  public record Reference(String label, double slope) {}

  private XYChart() {}

  public static Element svg(String title, String unit, String xUnit, List<Series> allSeries,
      Optional<Reference> reference) {
    List<Series> series = allSeries.stream().filter(s -> !s.points().isEmpty()).toList();
    double xMax = series.stream().flatMap(s -> s.points().stream()).mapToDouble(Point::x).max().orElse(0);
    AxisScale xScale = AxisScale.upTo(xMax);
    AxisScale yScale = AxisScale.upTo(1.1 * series.stream().flatMap(s -> s.points().stream())
        .mapToDouble(Point::y).max().orElse(0));
    Element svg = Svg.chart(FRAME, title + " (" + unit + ")", series.size());
    double left = FRAME.left();
    double baseline = FRAME.baseline();
    Svg.valueAxis(svg, yScale, FRAME);
    for (double tick : xScale.ticks()) {
      svg.appendChild(Svg.text("tick", left + FRAME.plotWidth() * xScale.fraction(tick), baseline + 16, "middle",
          AxisScale.label(tick)));
    }
    svg.appendChild(Svg.text("tick", FRAME.end(), baseline + 27, "end", xUnit));
    reference.ifPresent(line -> {
      double xEnd = Math.min(xScale.top(), yScale.top() / line.slope());
      double x2 = left + FRAME.plotWidth() * xScale.fraction(xEnd);
      double y2 = baseline - FRAME.plotHeight() * yScale.fraction(line.slope() * xEnd);
      svg.appendChild(Svg.element("line", "class", "target", "x1", left, "y1", baseline, "x2", x2, "y2", y2));
      svg.appendChild(Svg.text("target-label", x2 - 2, y2 + 10, "end", line.label()));
    });
    for (Series line : series) {
      String tooltip = line.label() + ": " + title;
      List<String> coordinates = line.points().stream()
          .map(p -> coordinate(left + FRAME.plotWidth() * xScale.fraction(p.x())) + ","
              + coordinate(baseline - FRAME.plotHeight() * yScale.fraction(p.y())))
          .toList();
      if (coordinates.size() == 1) {
        String[] only = coordinates.getFirst().split(",");
        svg.appendChild(Svg.withTooltip(Svg.element("circle", "class", "mark", "cx", only[0], "cy", only[1],
            "r", 3.0, "fill", line.color()), tooltip));
        continue;
      }
      svg.appendChild(Svg.withTooltip(Svg.element("polyline", "class", "mark",
          "points", String.join(" ", coordinates), "fill", "none", "stroke", line.color(), "stroke-width", 2.0),
          tooltip));
      for (int i = 0; i < coordinates.size(); i++) {
        String[] at = coordinates.get(i).split(",");
        Point point = line.points().get(i);
        svg.appendChild(Svg.withTooltip(Svg.element("circle", "cx", at[0], "cy", at[1], "r", 2.0,
            "fill", line.color()), line.label() + ": " + AxisScale.label(point.y()) + " " + unit + " at "
            + AxisScale.label(point.x()) + " " + xUnit));
      }
    }
    return svg;
  }


  private static String coordinate(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }
}
