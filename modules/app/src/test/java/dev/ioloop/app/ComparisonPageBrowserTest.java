package dev.ioloop.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ioloop.app.report.ComparisonPage;
import dev.ioloop.app.report.ReportFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The comparison page as a person opens it: from disk, offline, in a real browser. */
@Timeout(value = 12, unit = TimeUnit.MINUTES) // a first apt-get install of Chromium included
class ComparisonPageBrowserTest {
  @TempDir Path runs;

  @Test
  void everyChartRendersInChromiumAndTheConsoleStaysEmpty() throws Exception {
    HeadlessChromium chromium = HeadlessChromium.installed();
    Path page = ComparisonPage.write(ReportFixtures.demoLike(runs), runs);

    HeadlessChromium.Page rendered = chromium.load(page);

    Element check = Jsoup.parse(rendered.dom()).getElementById(ComparisonPage.RENDER_CHECK_ID);
    assertNotNull(check, rendered::dom);
    String charts = Integer.toString(ReportFixtures.DEMO_LIKE_CHARTS);
    assertEquals(charts, check.attr("data-charts"), check::outerHtml);
    assertEquals(charts, check.attr("data-rendered"), check::outerHtml);
    assertEquals("0", check.attr("data-errors"), check::outerHtml);
    assertEquals("All " + charts + " charts rendered.", check.text());
    assertEquals(java.util.List.of(), rendered.consoleLines());
  }

  @Test
  void everyCapacityChartRendersWithItsCeilingAndTheConsoleStaysEmpty() throws Exception {
    HeadlessChromium chromium = HeadlessChromium.installed();
    Path page = ComparisonPage.write(ReportFixtures.capacityLike(runs), ReportFixtures.capacityCurves(), runs);

    HeadlessChromium.Page rendered = chromium.load(page);

    Document dom = Jsoup.parse(rendered.dom());
    Element check = dom.getElementById(ComparisonPage.RENDER_CHECK_ID);
    assertNotNull(check, rendered::dom);
    String charts = Integer.toString(ReportFixtures.CAPACITY_LIKE_CHARTS);
    assertEquals(charts, check.attr("data-charts"), check::outerHtml);
    assertEquals(charts, check.attr("data-rendered"), check::outerHtml);
    assertEquals("0", check.attr("data-errors"), check::outerHtml);
    assertEquals(java.util.List.of(), rendered.consoleLines());
    Element section = dom.getElementById("scenario-CapacityBlock");
    assertNotNull(section, rendered::dom);
    assertEquals(1, section.select("line.target").size(), "Little's law's ceiling on the throughput chart");
    assertEquals(4, section.select("svg.chart").first().select("polyline.mark").size(), "a line per server");
    assertTrue(section.text().contains("platform: follows the ceiling up to 200 users"), section::text);
  }

  @Test
  void thePageLoadsNothingFromAnywhere() throws Exception {
    Path page = ComparisonPage.write(ReportFixtures.demoLike(runs), runs);
    Document document = Jsoup.parse(page.toFile());
    assertTrue(document.select("script[src], link[href], img, iframe, object, embed").isEmpty(),
        "styles, scripts and charts are all inline");
    for (Element link : document.select("a[href]")) {
      String href = link.attr("href");
      assertFalse(href.contains(":") || href.startsWith("/"), () -> "not a relative link: " + href);
      assertTrue(Files.isRegularFile(runs.resolve(href)), () -> "a dead link: " + href);
    }
    assertFalse(document.html().contains("http://") || document.html().contains("https://"),
        "no absolute URL anywhere in the page");
  }
}
