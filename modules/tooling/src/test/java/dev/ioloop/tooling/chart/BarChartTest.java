package dev.ioloop.tooling.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalDouble;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

class BarChartTest {
  private static final List<BarChart.Bar> BARS = List.of(new BarChart.Bar("reactor", 0.42, "#0072B2"),
      new BarChart.Bar("netty", Double.NaN, "#E69F00"), new BarChart.Bar("loom", 0.5, "#D55E00"));

  @Test
  void aBarPerValueAndNotApplicableWhereThereIsNone() {
    Element svg = BarChart.svg("sleep", "of Little's law", BARS);
    assertEquals(2, svg.select("rect.mark").size());
    assertEquals("2", svg.attr("data-marks"));
    assertEquals(List.of("0.42", "n/a", "0.5"), svg.select("text.value").eachText());
    assertEquals(List.of("reactor", "netty", "loom"), svg.select("text.category").eachText());
    assertEquals("sleep (of Little's law)", svg.selectFirst("title").text());
    assertTrue(svg.select("line.target").isEmpty());
  }

  @Test
  void aTargetIsADashedLineTheAxisReachesEvenAboveEveryBar() {
    Element svg = BarChart.svg("sleep", "of Little's law", BARS, OptionalDouble.of(0.9));
    Element target = svg.selectFirst("line.target");
    assertEquals("4 3", target.attr("stroke-dasharray"));
    assertEquals("target 0.9", svg.selectFirst("text.target-label").text());
    assertEquals("1", svg.select("text.tick").last().text(), "the axis goes to 1, past the target");
    double baseline = 34 + (210 - 34 - 30);
    double targetY = Double.parseDouble(target.attr("y1"));
    assertEquals(baseline - 146 * 0.9, targetY, 0.1);
    double tallest = svg.select("rect.mark").stream().mapToDouble(bar -> Double.parseDouble(bar.attr("y"))).min()
        .orElseThrow();
    assertTrue(tallest > targetY, "every bar stays below the target line");
  }
}
