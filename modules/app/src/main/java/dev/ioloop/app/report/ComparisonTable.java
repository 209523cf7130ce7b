package dev.ioloop.app.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The side-by-side numbers of a comparison, one row per scenario and server, from each run's "All Requests" row,
 * the server's CPU per request from its /api/stats samples, and a note where the two may rank servers differently.
 * The same cells feed the console table, the Markdown table and the HTML page's table.
 */
public final class ComparisonTable {
  /** A column: its header, whether it holds numbers (right-aligned), and its cell for a run among its comparison. */
  record Column(String header, boolean numeric, BiFunction<Comparison, ServerRun, String> cell) {
    Column(String header, boolean numeric, Function<ServerRun, String> cell) {
      this(header, numeric, (comparison, run) -> cell.apply(run));
    }
  }

  static final String ASSERTIONS = "Assertions";
  static final String NOTE = "Note";

  static final List<Column> COLUMNS = List.of(
      new Column("Scenario", false, ServerRun::scenario),
      new Column("Server", false, ServerRun::server),
      new Column("Requests", true, run -> Long.toString(run.report().global().total())),
      new Column("Failed", true, run -> failed(run.report().global())),
      new Column("Req/s", true, run -> number("%.1f", run.report().global().perSecond())),
      new Column("p50 ms", true, run -> number("%.0f", run.report().global().p50())),
      new Column("p95 ms", true, run -> number("%.0f", run.report().global().p95())),
      new Column("p99 ms", true, run -> number("%.0f", run.report().global().p99())),
      new Column("Max ms", true, run -> number("%.0f", run.report().global().max())),
      new Column("CPU µs/req", true, run -> number("%.1f",
          run.loaded().map(LoadedWindow::cpuMicrosPerRequest).orElse(Double.NaN))),
      new Column(ASSERTIONS, false, run -> run.report().assertionsHeld() ? "held" : "FAILED"),
      new Column(NOTE, false, RowNotes::of));

  private ComparisonTable() {}

  static List<String> headers() {
    return COLUMNS.stream().map(Column::header).toList();
  }

  /** The cells of each run, scenario by scenario, servers in the comparison's order. */
  static List<List<String>> rows(Comparison comparison) {
    List<List<String>> rows = new ArrayList<>();
    for (String scenario : comparison.scenarios()) {
      for (ServerRun run : comparison.runsOf(scenario)) {
        rows.add(COLUMNS.stream().map(column -> column.cell().apply(comparison, run)).toList());
      }
    }
    return rows;
  }

  /** For a terminal: aligned columns, a blank line between scenarios. */
  public static String text(Comparison comparison) {
    List<List<String>> rows = rows(comparison);
    int[] widths = new int[COLUMNS.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = COLUMNS.get(i).header().length();
      for (List<String> row : rows) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder text = new StringBuilder(line(headers(), widths));
    String previousScenario = null;
    for (List<String> row : rows) {
      if (previousScenario != null && !previousScenario.equals(row.getFirst())) {
        text.append('\n');
      }
      previousScenario = row.getFirst();
      text.append(line(row, widths));
    }
    return text.toString();
  }

  /** GitHub-flavoured Markdown, with a link to each Gatling report relative to {@code linkBase}. */
  public static String markdown(Comparison comparison, Path linkBase) {
    StringBuilder markdown = new StringBuilder();
    List<String> headers = new ArrayList<>(headers());
    headers.add("Report");
    markdown.append("| ").append(String.join(" | ", headers)).append(" |\n|");
    for (Column column : COLUMNS) {
      markdown.append(column.numeric() ? " ---: |" : " --- |");
    }
    markdown.append(" --- |\n");
    List<List<String>> rows = rows(comparison);
    List<ServerRun> runs = comparison.scenarios().stream().flatMap(s -> comparison.runsOf(s).stream()).toList();
    for (int i = 0; i < rows.size(); i++) {
      markdown.append("| ").append(String.join(" | ", rows.get(i).stream().map(ComparisonTable::escape).toList()))
          .append(" | [index.html](").append(ReportLinks.relative(linkBase, runs.get(i))).append(") |\n");
    }
    return markdown.toString();
  }

  private static String line(List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      String format = COLUMNS.get(i).numeric() ? "%" + widths[i] + "s" : "%-" + widths[i] + "s";
      line.append(i == 0 ? "" : "  ").append(String.format(format, cells.get(i)));
    }
    return line.toString().stripTrailing() + "\n";
  }

  private static String failed(RequestStats stats) {
    return stats.ko() == 0 ? "0" : stats.ko() + " (" + number("%.1f", stats.koPercent()) + "%)";
  }

  private static String number(String format, double value) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, format, value);
  }

  /** A pipe inside a label would end the Markdown cell. */
  private static String escape(String cell) {
    return cell.replace("|", "\\|");
  }
}
