package dev.ioloop.tooling.chart;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jsoup.nodes.DataNode;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Entities;

/**
 * Charts as one SVG file of their own, the way a Markdown page embeds a figure ({@code ![medians](chart.svg)}):
 * the charts in rows, a legend under them, their style inside, a white ground. It renders where no script runs and
 * nothing is fetched (GitHub's Markdown, an image viewer, a PDF).
 */
public final class ChartSheet {
  private static final int MARGIN = 8;
  private static final int GAP = 8;
  private static final int LEGEND_HEIGHT = 30;
  private static final int LEGEND_STEP = 96;
  private static final String FONT = "system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif";

  /** A colour and what it stands for. */
  public record LegendEntry(String label, String color) {}

  private ChartSheet() {}

  /**
   * The document: {@code charts} (as {@link BarChart} and {@link LineChart} draw them) left to right in rows of
   * {@code columns}, then the legend; {@code title} is its accessible name. Well-formed XML, UTF-8.
   */
  public static String render(String title, List<Element> charts, List<LegendEntry> legend, int columns) {
    if (columns < 1) {
      throw new IllegalArgumentException("columns must be at least 1, not " + columns);
    }
    int cellWidth = charts.stream().mapToInt(chart -> size(chart, "width")).max().orElse(0);
    int cellHeight = charts.stream().mapToInt(chart -> size(chart, "height")).max().orElse(0);
    int across = Math.max(1, Math.min(columns, charts.size()));
    int rows = (charts.size() + across - 1) / across;
    int width = Math.max(2 * MARGIN + across * cellWidth + (across - 1) * GAP,
        2 * MARGIN + legend.size() * LEGEND_STEP);
    int chartsHeight = rows * cellHeight + Math.max(0, rows - 1) * GAP;
    int height = MARGIN + chartsHeight + (legend.isEmpty() ? MARGIN : GAP + LEGEND_HEIGHT);

    Element sheet = Svg.element("svg", "xmlns", Svg.NAMESPACE, "width", width, "height", height,
        "viewBox", "0 0 " + width + " " + height, "role", "img", "aria-label", title, "font-family", FONT);
    sheet.appendChild(Svg.element("title").text(title));
    sheet.appendChild(Svg.element("style").appendChild(new DataNode(Svg.STYLE)));
    sheet.appendChild(Svg.element("rect", "width", width, "height", height, "fill", "white"));
    for (int i = 0; i < charts.size(); i++) {
      int x = MARGIN + (i % across) * (cellWidth + GAP);
      int y = MARGIN + (i / across) * (cellHeight + GAP);
      Element chart = charts.get(i).clone();
      // SVG paints no CSS background: the card the page gives each chart is a rectangle here.
      sheet.appendChild(Svg.element("rect", "x", x + 0.5, "y", y + 0.5, "width", size(chart, "width") - 1,
          "height", size(chart, "height") - 1, "rx", 4, "fill", "#fafafa", "stroke", "#e4e4e4"));
      sheet.appendChild(chart.attr("x", Integer.toString(x)).attr("y", Integer.toString(y)));
    }
    int legendY = MARGIN + chartsHeight + GAP + 8;
    for (int i = 0; i < legend.size(); i++) {
      LegendEntry entry = legend.get(i);
      int x = MARGIN + i * LEGEND_STEP;
      sheet.appendChild(Svg.element("rect", "x", x, "y", legendY, "width", 12, "height", 12, "rx", 2,
          "fill", entry.color()));
      sheet.appendChild(Svg.text("legend-label", x + 17, legendY + 10, "start", entry.label()));
    }

    Document document = new Document("");
    document.outputSettings()
        .syntax(Document.OutputSettings.Syntax.xml)
        .escapeMode(Entities.EscapeMode.xhtml)
        .charset(StandardCharsets.UTF_8)
        .prettyPrint(true);
    document.appendChild(sheet);
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + document.outerHtml().strip() + "\n";
  }

  private static int size(Element chart, String attribute) {
    return Integer.parseInt(chart.attr(attribute));
  }
}
