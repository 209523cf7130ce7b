package dev.ioloop.app.report;

import java.util.Locale;
import org.jsoup.nodes.Element;

/** Small builders for inline SVG as jsoup elements: jsoup escapes every label, so a server name is never markup. */
final class Svg {
  private Svg() {}

  /** An element with attributes given as name, value pairs; numbers are written with at most one decimal. */
  static Element element(String tag, Object... attributes) {
    Element element = new Element(tag);
    for (int i = 0; i < attributes.length; i += 2) {
      element.attr((String) attributes[i], value(attributes[i + 1]));
    }
    return element;
  }

  /** A text element. */
  static Element text(String cssClass, double x, double y, String anchor, String content) {
    return element("text", "class", cssClass, "x", x, "y", y, "text-anchor", anchor).text(content);
  }

  /** The chart's frame: its size, its accessible name, and how many data marks the page's check should find. */
  static Element chart(int width, int height, String title, int marks) {
    Element svg = element("svg", "class", "chart", "viewBox", "0 0 " + width + " " + height, "width", width,
        "height", height, "role", "img", "aria-label", title, "data-marks", marks);
    svg.appendChild(element("title").text(title));
    svg.appendChild(text("chart-title", 8, 18, "start", title));
    return svg;
  }

  /** A tooltip: the browser shows an SVG element's first title child on hover. */
  /** The value axis: a grid line and a label at each of {@code scale}'s ticks, from {@code left} to {@code right}. */
  static void valueAxis(Element svg, AxisScale scale, double left, double right, double baseline, double plotHeight) {
    for (double tick : scale.ticks()) {
      double y = baseline - plotHeight * scale.fraction(tick);
      svg.appendChild(element("line", "class", "grid", "x1", left, "x2", right, "y1", y, "y2", y));
      svg.appendChild(text("tick", left - 6, y + 4, "end", AxisScale.label(tick)));
    }
  }

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
