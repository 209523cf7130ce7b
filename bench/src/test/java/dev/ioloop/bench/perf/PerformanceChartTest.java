package dev.ioloop.bench.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ioloop.api.server.Engine;
import dev.ioloop.tooling.chart.Palette;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** docs/performance.svg as the bench writes it, from a made-up run of every server. */
class PerformanceChartTest {
  private static final String SVG = "http://www.w3.org/2000/svg";

  @TempDir Path docs;

  private static Results madeUpRun(List<Server> servers) {
    Results results = new Results();
    double rate = 40_000;
    for (Server server : servers) {
      for (Scenario scenario : Scenario.values()) {
        if (scenario.appliesTo(server)) {
          for (int round = 0; round < 3; round++) {
            double requestsPerSecond = scenario.boundByLittlesLaw() ? scenario.littlesLawLimit() * 0.93 : rate;
            results.add(scenario, server, new Results.Sample(requestsPerSecond + round, 12, 0, 30));
          }
        }
      }
      results.add(server, new Results.Memory(10_000, 2_000 + rate / 100, 5_000));
      rate += 5_000;
    }
    return results;
  }

  @Test
  void aChartPerFigureABarPerServerInItsColourTargetsAndALegend() throws Exception {
    List<Server> servers = List.of(Server.values());
    Path file = docs.resolve("performance.svg");
    BenchCommand.writeChart(Settings.quick(servers, false), madeUpRun(servers), file);

    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    Document svg = factory.newDocumentBuilder().parse(new ByteArrayInputStream(Files.readAllBytes(file)));
    assertEquals(SVG, svg.getDocumentElement().getNamespaceURI(), "an SVG file a Markdown page can embed");

    List<Element> charts = byClass(svg, "svg", "chart");
    assertEquals(List.of("/api/hello, 64 conn. (req/s)", "sleep 100 ms, 1,000 conn. (of Little)",
            "sleep 100 ms, 5,000 conn. (of Little)", "/api/noblock, 2,000 conn. (of Little)",
            "live heap per waiting request (B)"),
        charts.stream().map(chart -> chart.getAttribute("aria-label")).toList());
    // The references serve no /api/noblock: their bars there are "n/a".
    assertEquals(List.of("7", "7", "7", "4", "7"),
        charts.stream().map(chart -> chart.getAttribute("data-marks")).toList());
    for (Element chart : charts) {
      List<Element> bars = byClass(chart, "rect", "mark");
      assertEquals(Integer.parseInt(chart.getAttribute("data-marks")), bars.size());
      for (Element bar : bars) {
        assertTrue(Double.parseDouble(bar.getAttribute("height")) > 0, "each bar is drawn");
      }
    }
    List<String> reactorBars = charts.stream().map(chart -> byClass(chart, "rect", "mark").getFirst())
        .map(bar -> bar.getAttribute("fill")).distinct().toList();
    assertEquals(List.of(Palette.of(Engine.REACTOR)), reactorBars, "a server has one colour in every chart");
    assertEquals(List.of("0.93", "0.93", "0.93", "0.93", "n/a", "n/a", "n/a"), texts(charts.get(3), "value"));

    assertEquals(List.of("target 0.9", "target 0.9", "target 0.95"), texts(svg.getDocumentElement(),
        "target-label"));
    assertEquals(List.of("reactor", "loom", "jetty", "platform", "netty", "netty-epoll", "helidon"),
        texts(svg.getDocumentElement(), "legend-label"));
  }

  /** The elements of {@code root} (a document or an element) with tag and class; the sweep's chart test too. */
  static List<Element> byClass(Object root, String tag, String cssClass) {
    NodeList nodes = root instanceof Document document ? document.getElementsByTagNameNS(SVG, tag)
        : ((Element) root).getElementsByTagNameNS(SVG, tag);
    List<Element> found = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      Element element = (Element) nodes.item(i);
      if (cssClass.equals(element.getAttribute("class"))) {
        found.add(element);
      }
    }
    return found;
  }

  private static List<String> texts(Element root, String cssClass) {
    return byClass(root, "text", cssClass).stream().map(Element::getTextContent).toList();
  }
}
