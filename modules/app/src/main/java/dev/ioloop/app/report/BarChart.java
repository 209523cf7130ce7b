package dev.ioloop.app.report;

import java.util.List;
import org.jsoup.nodes.Element;

/** One metric of one scenario, a bar per server, as inline SVG. */
final class BarChart {
  private static final int WIDTH = 300;
  private static final int HEIGHT = 210;
  private static final int LEFT = 46;
  private static final int RIGHT = 10;
  private static final int TOP = 34;
  private static final int BOTTOM = 30;
  private static final int MAX_LABEL = 14;

  /** A server's value; NaN when the run has none (drawn as "n/a"). */
  record Bar(String label, double value, String color) {}

  private BarChart() {}

  static Element svg(String title, String unit, List<Bar> bars) {
    double largest = bars.stream().mapToDouble(Bar::value).filter(v -> !Double.isNaN(v)).max().orElse(0);
    AxisScale scale = AxisScale.upTo(largest);
    int marks = (int) bars.stream().filter(bar -> !Double.isNaN(bar.value())).count();
    Element svg = Svg.chart(WIDTH, HEIGHT, title + " (" + unit + ")", marks);
    double plotWidth = WIDTH - LEFT - RIGHT;
    double plotHeight = HEIGHT - TOP - BOTTOM;
    double baseline = TOP + plotHeight;

    Svg.valueAxis(svg, scale, LEFT, WIDTH - RIGHT, baseline, plotHeight);
    double slot = plotWidth / Math.max(1, bars.size());
    double barWidth = Math.min(56, slot * 0.62);
    for (int i = 0; i < bars.size(); i++) {
      Bar bar = bars.get(i);
      double center = LEFT + slot * i + slot / 2;
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
    return svg;
  }

  private static String shortened(String label) {
    return label.length() <= MAX_LABEL ? label : label.substring(0, MAX_LABEL - 1) + "…";
  }
}
