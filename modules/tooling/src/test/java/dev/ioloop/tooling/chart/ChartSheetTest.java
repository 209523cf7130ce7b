package dev.ioloop.tooling.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalDouble;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

class ChartSheetTest {
  private static final List<BarChart.Bar> BARS = List.of(new BarChart.Bar("reactor <&>", 1200, "#0072B2"),
      new BarChart.Bar("loom", 900, "#D55E00"));

  /** An SVG file is XML: a browser, an image viewer or GitHub shows nothing at all of one that is not well-formed. */
  static Document parse(String svg) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void chartsInRowsAndALegendAsAWellFormedSvgFile() throws Exception {
    List<Element> charts = List.of(BarChart.svg("a", "req/s", BARS), BarChart.svg("b", "ms", BARS),
        BarChart.svg("c", "B", BARS, OptionalDouble.of(1000)));
    String text = ChartSheet.render("medians", charts,
        List.of(new ChartSheet.LegendEntry("reactor", "#0072B2"), new ChartSheet.LegendEntry("loom", "#D55E00")), 2);

    assertTrue(text.startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg"), text);
    Document svg = parse(text);
    org.w3c.dom.Element root = svg.getDocumentElement();
    assertEquals("svg", root.getLocalName());
    assertEquals(Svg.NAMESPACE, root.getNamespaceURI());
    assertEquals("0 0 " + root.getAttribute("width") + " " + root.getAttribute("height"), root.getAttribute("viewBox"));
    assertEquals(2 * 8 + 2 * 300 + 8, Integer.parseInt(root.getAttribute("width")), "two columns");
    assertEquals(8 + 2 * 210 + 8 + 8 + 30, Integer.parseInt(root.getAttribute("height")), "two rows and a legend");

    NodeList nested = svg.getElementsByTagNameNS(Svg.NAMESPACE, "svg");
    assertEquals(1 + 3, nested.getLength(), "the sheet and its three charts");
    org.w3c.dom.Element third = (org.w3c.dom.Element) nested.item(3);
    assertEquals("8", third.getAttribute("x"));
    assertEquals(Integer.toString(8 + 210 + 8), third.getAttribute("y"));
    assertTrue(text.contains("reactor &lt;&amp;&gt;"), "labels are escaped");
    assertTrue(svg.getElementsByTagNameNS(Svg.NAMESPACE, "style").item(0).getTextContent().contains(".chart-title"));
    assertEquals(1, svg.getElementsByTagNameNS(Svg.NAMESPACE, "line").getLength()
        - countGridLines(svg), "one target line");
  }

  private static int countGridLines(Document svg) {
    NodeList lines = svg.getElementsByTagNameNS(Svg.NAMESPACE, "line");
    int grid = 0;
    for (int i = 0; i < lines.getLength(); i++) {
      if ("grid".equals(((org.w3c.dom.Element) lines.item(i)).getAttribute("class"))) {
        grid++;
      }
    }
    return grid;
  }

  @Test
  void aSheetNeedsAColumn() {
    assertThrows(IllegalArgumentException.class, () -> ChartSheet.render("x", List.of(), List.of(), 0));
  }
}
