package dev.ioloop.tooling.chart;

import java.util.Locale;
import org.jsoup.nodes.Element;

/**
 * Small builders for SVG as jsoup elements: jsoup escapes every label, so a server name is never markup. The charts
 * are drawn on the server, for pages that must show them where no script runs (GitHub's Markdown, a PDF).
 */
public final class Svg {
  /** The SVG namespace: a chart in a file of its own needs it on its root; inline in HTML it is implied. */
  public static final String NAMESPACE = "http://www.w3.org/2000/svg";

  /**
   * How the charts look, by their classes: a page that shows charts inline puts this in its style sheet, and a
   * {@link ChartSheet} carries it inside the SVG.
   */
  public static final String STYLE = """
      .chart { background: #fafafa; border: 1px solid #e4e4e4; border-radius: 4px; }
      .chart-title { font-size: 12px; font-weight: 600; fill: #333; }
      .tick, .category { font-size: 10px; fill: #666; } .value { font-size: 10px; fill: #222; }
      .grid { stroke: #e2e2e2; stroke-width: 1; }
      .target { stroke: #d62728; stroke-width: 1; stroke-dasharray: 4 3; }
      .target-label { font-size: 9px; fill: #d62728; }
      .legend-label { font-size: 11px; fill: #333; }
      """;

  private Svg() {}

  /**
   * An element with attributes given as name, value pairs; numbers are written with at most one decimal. Names keep
   * their case ({@code viewBox}): in an SVG file, which is XML, {@code viewbox} is another, unknown attribute.
   */
  public static Element element(String tag, Object... attributes) {
    Element element = new Element(tag);
    for (int i = 0; i < attributes.length; i += 2) {
      element.attributes().put((String) attributes[i], value(attributes[i + 1]));
    }
    return element;
  }

  /** A text element. */
  public static Element text(String cssClass, double x, double y, String anchor, String content) {
    return element("text", "class", cssClass, "x", x, "y", y, "text-anchor", anchor).text(content);
  }

  /** The chart's frame: its size, its accessible name, and how many data marks the page's check should find. */
  static Element chart(Frame frame, String title, int marks) {
    Element svg = element("svg", "class", "chart", "viewBox", "0 0 " + frame.width() + " " + frame.height(),
        "width", frame.width(), "height", frame.height(), "role", "img", "aria-label", title, "data-marks", marks);
    svg.appendChild(element("title").text(title));
    svg.appendChild(text("chart-title", 8, 18, "start", title));
    return svg;
  }

  /** The value axis: a grid line across the plot and a label at each of {@code scale}'s ticks. */
  static void valueAxis(Element svg, AxisScale scale, Frame frame) {
    for (double tick : scale.ticks()) {
      double y = frame.baseline() - frame.plotHeight() * scale.fraction(tick);
      svg.appendChild(element("line", "class", "grid", "x1", (double) frame.left(), "x2", frame.end(), "y1", y,
          "y2", y));
      svg.appendChild(text("tick", frame.left() - 6, y + 4, "end", AxisScale.label(tick)));
    }
  }

  /** A tooltip: the browser shows an SVG element's first title child on hover. */
  static Element withTooltip(Element element, String tooltip) {
    return element.appendChild(element("title").text(tooltip));
  }

  private static String value(Object value) {
    if (value instanceof Double number) {
      return number == Math.rint(number)
          ? Long.toString(number.longValue())
          : String.format(Locale.ROOT, "%.1f", number);
    }
    return String.valueOf(value);
  }
}
