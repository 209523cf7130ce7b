package dev.ioloop.tooling.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ioloop.tooling.chart.XYChart.Point;
import dev.ioloop.tooling.chart.XYChart.Reference;
import dev.ioloop.tooling.chart.XYChart.Series;
import java.util.List;
import java.util.Optional;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

class XYChartTest {
  private static final Series LOOM = new Series("loom", "#1f77b4",
      List.of(new Point(100, 390), new Point(200, 780), new Point(300, 1100)));
  private static final Series PLATFORM = new Series("platform", "#2ca02c",
      List.of(new Point(100, 390), new Point(200, 770), new Point(300, 780)));

  @Test
  void aLinePerServerWithADotPerPointAndTheCountOfMarksTheRenderCheckExpects() {
    Element svg = XYChart.svg("Throughput", "req/s", "users", List.of(LOOM, PLATFORM), Optional.empty());
    assertEquals(2, svg.select("polyline.mark").size());
    assertEquals(6, svg.select("circle").size());
    assertEquals("2", svg.attr("data-marks"));
    assertEquals(0, svg.select("line.target").size());
  }

  @Test
  void theReferenceIsCutWhereItLeavesThePlotNotScaledInto() {
    // users / 0.1 s reaches 3,000 at 300 users, far above the 1,100 measured: the y axis stays on the points
    Element svg = XYChart.svg("Throughput", "req/s", "users", List.of(LOOM), Optional.of(new Reference("ceiling",
        10)));
    Element line = svg.selectFirst("line.target");
    assertEquals(1, svg.select("line.target").size());
    double y2 = Double.parseDouble(line.attr("y2"));
    assertTrue(y2 >= 33 && y2 <= 35, () -> "ends at the plot's top edge: " + line);
    // y's top is 1,500 (1.1 x 1,100, rounded up): the line leaves the plot at 150 users, half way along x (0 to 300)
    assertEquals(46 + 240 * 0.5, Double.parseDouble(line.attr("x2")), 1.0, line::toString);
  }

  @Test
  void aServerWithOnePointIsADotMark() {
    Element svg = XYChart.svg("p99", "ms", "users", List.of(new Series("reactor", "#d62728",
        List.of(new Point(100, 9000)))), Optional.empty());
    assertEquals(1, svg.select("circle.mark").size());
  }
}
