package dev.ioloop.app.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;

/**
 * Reads the statistics of a Gatling 3.15 report from its index.html: the table {@code #container_statistics_head}
 * holds the "All Requests" row ({@code tr#ROOT}), {@code #container_statistics_body} a row per request name; each
 * value cell has the class {@code col-N} of its header {@code th#col-N}. Columns are found by their header text, so a
 * reordering still parses and a renamed or missing column fails loudly. A test parses a report made in the build.
 */
public final class GatlingReportParser {
  private static final String PAGE = "index.html";
  /** The header texts of the statistics table, in the order of {@link RequestStats}'s numbers. */
  private static final List<String> COLUMNS = List.of(
      "Total", "OK", "KO", "% KO", "Cnt/s", "Min", "50th pct", "75th pct", "95th pct", "99th pct", "Max", "Mean",
      "Std Dev");

  private GatlingReportParser() {}

  public static GatlingReport parse(Path reportDirectory) throws IOException {
    Path page = reportDirectory.resolve(PAGE);
    if (!Files.isRegularFile(page)) {
      throw new IOException(reportDirectory + " is not a Gatling report: it has no " + PAGE);
    }
    Document document = Jsoup.parse(page.toFile());
    Map<String, String> columnClasses = columnClasses(document, page);
    Element globalRow = one(document, "#container_statistics_head tr#ROOT", page);
    List<RequestStats> requests = new ArrayList<>();
    for (Element row : document.select("#container_statistics_body tr[id]")) {
      requests.add(stats(row, columnClasses, page));
    }
    return new GatlingReport(
        reportDirectory,
        one(document, ".content-header .onglet", page).text().strip(),
        description(document),
        information(document, "Date:"),
        stats(globalRow, columnClasses, page),
        requests,
        assertions(document));
  }

  /** Header text (e.g. "95th pct") to the class its cells carry (e.g. "col-10"). */
  private static Map<String, String> columnClasses(Document document, Path page) throws ReportFormatException {
    Map<String, String> classes = new HashMap<>();
    for (Element header : document.select("#container_statistics_head th[id^=col-]")) {
      classes.put(header.text().strip(), header.id());
    }
    for (String column : COLUMNS) {
      if (!classes.containsKey(column)) {
        throw new ReportFormatException(page + ": the statistics table has no column '" + column + "' (found "
            + classes.keySet() + "); has Gatling's report format changed?");
      }
    }
    return classes;
  }

  private static RequestStats stats(Element row, Map<String, String> columnClasses, Path page)
      throws ReportFormatException {
    double[] values = new double[COLUMNS.size()];
    for (int i = 0; i < values.length; i++) {
      String column = COLUMNS.get(i);
      Element cell = row.selectFirst("td." + columnClasses.get(column));
      if (cell == null) {
        throw new ReportFormatException(page + ": row " + row.id() + " has no cell for '" + column + "'");
      }
      values[i] = number(cell.text(), page, row.id(), column);
    }
    Element name = row.selectFirst(".ellipsed-name");
    return new RequestStats(name == null ? row.id() : name.text().strip(), (long) values[0], (long) values[1],
        (long) values[2], values[3], values[4], values[5], values[6], values[7], values[8], values[9], values[10],
        values[11], values[12]);
  }

  /** Gatling shows "-" where there is nothing to measure (no failed request to time, say). */
  private static double number(String text, Path page, String row, String column) throws ReportFormatException {
    String value = text.strip();
    if (value.equals("-")) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new ReportFormatException(
          page + ": row " + row + ", column '" + column + "' holds '" + value + "', not a number");
    }
  }

  private static String description(Document document) {
    Element description = document.selectFirst(".simulation-information-item.description");
    return description == null ? "" : description.attr("data-content").strip();
  }

  /** The value of a "Run Information" item, by its label ("Date:"). */
  private static String information(Document document, String label) {
    for (Element item : document.select(".simulation-information-item")) {
      Element itemLabel = item.selectFirst(".simulation-information-label");
      if (itemLabel != null && itemLabel.text().strip().equals(label)) {
        Element value = itemLabel.nextElementSibling();
        return value == null ? "" : value.text().strip();
      }
    }
    return "";
  }

  private static List<GatlingReport.Assertion> assertions(Document document) {
    Elements rows = document.select("#container_assertions tbody tr");
    return rows.stream()
        .map(row -> new GatlingReport.Assertion(
            row.select("td").first().ownText().strip(), row.select("td").last().text().strip().equals("OK")))
        .toList();
  }

  private static Element one(Document document, String selector, Path page) throws ReportFormatException {
    Element element = document.selectFirst(selector);
    if (element == null) {
      throw new ReportFormatException(page + " has no '" + selector + "'; has Gatling's report format changed?");
    }
    return element;
  }
}
