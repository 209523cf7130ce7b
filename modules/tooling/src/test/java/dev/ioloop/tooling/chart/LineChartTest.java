package dev.ioloop.tooling.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ioloop.tooling.chart.LineChart.Point;
import dev.ioloop.tooling.chart.LineChart.Series;
import java.util.Arrays;
import java.util.List;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

class LineChartTest {
  @Test
  void evenlySpacedSamplesMakeOneLine() {
    Element svg = LineChart.svg("open connections", "count", List.of(series(0, 1, 2, 3, 4)));
    assertEquals(1, svg.select("polyline").size());
    assertEquals(0, svg.select("circle").size());
  }

  @Test
  void missingSamplesBreakTheLine() {
    // the reactor's Block run: samples every second, then none for 18 s while its loops were blocked
    Element svg = LineChart.svg("open connections", "count", List.of(series(0, 1, 2, 3, 4, 22, 23, 24)));
    assertEquals(2, svg.select("polyline").size());
    assertEquals(5, svg.select("polyline").get(0).attr("points").split(" ").length);
    assertEquals(3, svg.select("polyline").get(1).attr("points").split(" ").length);
  }

  @Test
  void aSampleAloneBetweenGapsIsAMark() {
    Element svg = LineChart.svg("open connections", "count", List.of(series(0, 1, 2, 10, 20, 21, 22)));
    assertEquals(2, svg.select("polyline").size());
    assertEquals(1, svg.select("circle").size());
  }

  @Test
  void stretchesKeepEveryPointInOrder() {
    List<Point> points = series(0, 1, 2, 9, 10).points();
    List<List<Point>> stretches = LineChart.stretches(points);
    assertEquals(List.of(points.subList(0, 3), points.subList(3, 5)), stretches);
    assertEquals(List.of(), LineChart.stretches(List.of()));
    assertEquals(List.of(List.of(points.getFirst())), LineChart.stretches(List.of(points.getFirst())));
  }

  private static Series series(double... seconds) {
    return new Series("reactor", "#1f77b4", Arrays.stream(seconds).mapToObj(s -> new Point(s, s * 2)).toList());
  }
}
