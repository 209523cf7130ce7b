package dev.ioloop.tooling.chart;

import java.util.List;
import java.util.OptionalDouble;
import org.jsoup.nodes.Element;

/** One metric, a bar per server, as SVG; optionally a dashed line where the metric has a target. */
public final class BarChart {
  private static final Frame FRAME = Frame.standard(10);
  private static final int MAX_LABEL = 14;

  /** A server's value; NaN when the run has none (drawn as "n/a"). */
  public record Bar(String label, double value, String color) {}

  private BarChart() {}

  /** The chart titled "{@code title} ({@code unit})", a bar per entry of {@code bars}, in their order. */
  public static Element svg(String title, String unit, List<Bar> bars) {
    return svg(title, unit, bars, OptionalDouble.empty());
  }

  /** The same with a dashed line at {@code target}, labelled: the axis reaches it even where no bar does. */
  public static Element svg(String title, String unit, List<Bar> bars, OptionalDouble target) {
    double largest = bars.stream().mapToDouble(Bar::value).filter(v -> !Double.isNaN(v)).max().orElse(0);
    AxisScale scale = AxisScale.upTo(Math.max(largest, target.orElse(0)));
    int marks = (int) bars.stream().filter(bar -> !Double.isNaN(bar.value())).count();
    Element svg = Svg.chart(FRAME, title + " (" + unit + ")", marks);
    double plotHeight = FRAME.plotHeight();
    double baseline = FRAME.baseline();

    Svg.valueAxis(svg, scale, FRAME);
    double slot = FRAME.plotWidth() / Math.max(1, bars.size());
    double barWidth = Math.min(56, slot * 0.62);
    for (int i = 0; i < bars.size(); i++) {
      Bar bar = bars.get(i);
      double center = FRAME.left() + slot * i + slot / 2;
      if (Double.isNaN(bar.value())) {
        svg.appendChild(Svg.text("value", center, baseline - 4, "middle", "n/a"));
      } else {
        // At least one pixel: a zero (no failed request) still shows as a bar on the baseline.
        double height = Math.max(1, plotHeight * scale.fraction(bar.value()));
        String value = AxisScale.label(bar.value());
        svg.appendChild(Svg.withTooltip(Svg.element("rect", "class", "mark", "x", center - barWidth / 2,
            "y", baseline - height, "width", barWidth, "height", height, "fill", bar.color()),
            bar.label() + ": " + value + " " + unit));
        svg.appendChild(Svg.text("value", center, baseline - height - 4, "middle", value));
      }
      svg.appendChild(Svg.text("category", center, baseline + 18, "middle", shortened(bar.label())));
    }
    if (target.isPresent()) {
      double y = baseline - plotHeight * scale.fraction(target.getAsDouble());
      // Drawn over the bars, its colours as attributes too: the line shows even where the style sheet is lost.
      svg.appendChild(Svg.element("line", "class", "target", "x1", (double) FRAME.left(), "x2", FRAME.end(),
          "y1", y, "y2", y, "stroke", "#d62728", "stroke-dasharray", "4 3"));
      // Above the plot, in the target's red: beside the line it would sit on the tallest bars' values.
      svg.appendChild(Svg.text("target-label", FRAME.end(), FRAME.top() - 6, "end",
          "target " + AxisScale.label(target.getAsDouble())));
    }
    return svg;
  }

  private static String shortened(String label) {
    return label.length() <= MAX_LABEL ? label : label.substring(0, MAX_LABEL - 1) + "…";
  }
}
