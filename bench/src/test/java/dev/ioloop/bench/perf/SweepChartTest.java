package dev.ioloop.bench.perf;

import static dev.ioloop.bench.perf.PerformanceChartTest.byClass;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ioloop.api.server.Engine;
import dev.ioloop.tooling.chart.Palette;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** docs/performance-sweep.svg from made-up steps: a chart per figure, a line per server, a figure not held left out. */
class SweepChartTest {

  @Test
  void aLinePerServerAgainstConnections() throws Exception {
    String rendered = SweepChart.render(SweepReportTest.SETTINGS, SweepReportTest.madeUpSteps());
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    Document svg = factory.newDocumentBuilder()
        .parse(new ByteArrayInputStream(rendered.getBytes(StandardCharsets.UTF_8)));

    List<Element> charts = byClass(svg.getDocumentElement(), "svg", "chart");
    assertEquals(List.of("server CPU per request (µs)", "live heap per in-flight request (B)",
        "throughput (of Little's law)"), charts.stream().map(chart -> chart.getAttribute("aria-label")).toList());
    // CPU: both servers have two points, a line each; heap: loom was not held at 5,000, one dot for it.
    List<Element> cpuLines = byClass(charts.get(0), "polyline", "mark");
    assertEquals(List.of(Palette.of(Engine.REACTOR), Palette.of(Engine.LOOM)),
        cpuLines.stream().map(line -> line.getAttribute("stroke")).toList());
    assertEquals(2, cpuLines.getFirst().getAttribute("points").split(" ").length);
    assertEquals(1, byClass(charts.get(1), "polyline", "mark").size());
    assertEquals(1, byClass(charts.get(1), "circle", "mark").size());
    assertEquals(List.of("reactor", "loom"), byClass(svg.getDocumentElement(), "text", "legend-label").stream()
        .map(Element::getTextContent).toList());
  }
}
