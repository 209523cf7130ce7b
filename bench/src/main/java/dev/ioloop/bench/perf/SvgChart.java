package dev.ioloop.bench.perf;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The run's medians as one self-contained SVG: a panel per figure, a bar per server, the value on each bar, and a
 * dashed line where a figure has a target (Little's law fractions). Plain SVG text, no library.
 */
final class SvgChart {
  private static final int PANEL_WIDTH = 250, PANEL_HEIGHT = 230, TOP = 40, BOTTOM = 40, LEFT = 20;
  private static final Map<Server, String> COLOURS = Map.of(
      Server.REACTOR, "#1f77b4", Server.LOOM, "#2ca02c", Server.JETTY, "#98df8a",
      Server.NETTY, "#aec7e8", Server.HELIDON, "#ff7f0e");

  /** One panel: a title, each server's value, how to print a value, and an optional dashed target line. */
  private record Panel(String title, Map<Server, Double> values, String format, OptionalDouble target) {}

  private SvgChart() {}

  static String render(Settings settings, Results results) {
    List<Panel> panels = new ArrayList<>();
    panels.add(panel(settings, "/api/hello, 64 conn.: req/s", "%,.0f", OptionalDouble.empty(),
        server -> results.median(Scenario.HELLO, server, Results.Sample::requestsPerSecond)));
    panels.add(panel(settings, "sleep 100 ms, 1,000 conn.: of Little", "%.2f", OptionalDouble.of(0.9),
        server -> results.littleFraction(Scenario.SLEEP_1000, server)));
    panels.add(panel(settings, "sleep 100 ms, 5,000 conn.: of Little", "%.2f", OptionalDouble.of(0.9),
        server -> results.littleFraction(Scenario.SLEEP_5000, server)));
    panels.add(panel(settings, "/api/noblock, 2,000 conn.: of Little", "%.2f", OptionalDouble.of(0.95),
        server -> results.littleFraction(Scenario.NOBLOCK_2000, server)));
    panels.add(panel(settings, "live heap per waiting request: B", "%,.0f", OptionalDouble.empty(),
        server -> results.memoryMedian(server, Results.Memory::heapBytesPerRequest)));

    int width = panels.size() * PANEL_WIDTH;
    int height = PANEL_HEIGHT + 30;
    StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" "
            + "font-size=\"11\">\n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n", width, height));
    for (int i = 0; i < panels.size(); i++) {
      drawPanel(svg, panels.get(i), settings.servers(), i * PANEL_WIDTH);
    }
    drawLegend(svg, settings.servers(), PANEL_HEIGHT + 10);
    return svg.append("</svg>\n").toString();
  }

  private interface Figure {
    Optional<Double> of(Server server);
  }

  private static Panel panel(Settings settings, String title, String format, OptionalDouble target, Figure figure) {
    Map<Server, Double> values = new EnumMap<>(Server.class);
    settings.servers().forEach(server -> figure.of(server).ifPresent(value -> values.put(server, value)));
    return new Panel(title, values, format, target);
  }

  private static void drawPanel(StringBuilder svg, Panel panel, List<Server> servers, int x0) {
    int plotHeight = PANEL_HEIGHT - TOP - BOTTOM;
    double max = Math.max(panel.target().orElse(0),
        panel.values().values().stream().mapToDouble(Double::doubleValue).max().orElse(1)) * 1.1;
    int barWidth = (PANEL_WIDTH - 2 * LEFT) / Math.max(1, servers.size());
    int baseline = TOP + plotHeight;
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" font-weight=\"bold\">%s</text>\n",
        x0 + LEFT, escape(panel.title())));
    svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>\n",
        x0 + LEFT, baseline, x0 + PANEL_WIDTH - LEFT, baseline));
    for (int i = 0; i < servers.size(); i++) {
      Server server = servers.get(i);
      int x = x0 + LEFT + i * barWidth + 4;
      Double value = panel.values().get(server);
      if (value == null) {
        continue;
      }
      int height = (int) Math.round(Math.max(0, value) / max * plotHeight);
      svg.append(String.format(Locale.ROOT,
          "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>\n", x, baseline - height, barWidth - 8,
          height, COLOURS.get(server)));
      svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"9\">%s</text>\n",
          x + (barWidth - 8) / 2, baseline - height - 4, escape(String.format(Locale.ROOT, panel.format(), value))));
      svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>\n",
          x + (barWidth - 8) / 2, baseline + 15, server.label));
    }
    panel.target().ifPresent(target -> {
      int y = baseline - (int) Math.round(target / max * plotHeight);
      svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#d62728\" "
          + "stroke-dasharray=\"4 3\"/>\n", x0 + LEFT, y, x0 + PANEL_WIDTH - LEFT, y));
      svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#d62728\" font-size=\"9\" "
          + "text-anchor=\"end\">target %.2f</text>\n", x0 + PANEL_WIDTH - LEFT, y - 3, target));
    });
  }

  private static void drawLegend(StringBuilder svg, List<Server> servers, int y) {
    int x = LEFT;
    for (Server server : servers) {
      svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
          + "<text x=\"%d\" y=\"%d\">%s</text>\n", x, y, COLOURS.get(server), x + 16, y + 10, server.label));
      x += 90;
    }
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
