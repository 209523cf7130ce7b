package dev.ioloop.app;

import dev.ioloop.app.load.GatlingInstallation;
import dev.ioloop.app.report.CapacityCurves;
import dev.ioloop.app.report.Comparison;
import dev.ioloop.app.report.ComparisonPage;
import dev.ioloop.app.report.ComparisonTable;
import dev.ioloop.app.report.MergedRun;
import dev.ioloop.app.report.Reports;
import dev.ioloop.app.report.ServerRun;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./ioloop compare RUN_DIR...}: Gatling runs side by side, as a table, a Markdown file and an HTML page. */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description = {
      "Gatling runs side by side: a table, and a page with charts (and Markdown).",
      "Reads Gatling runs (report directories, or directories holding them, e.g. a demo's runs/<time>/) and puts"
          + " them side by side per scenario. The page is self-contained (it opens offline): a chart per metric"
          + " with a bar per server, each server's /api/stats over its run where a stats.jsonl samples file sits"
          + " next to the report's index.html, and links to every report.",
      "The reports of a scaled-out run's injectors (./ioloop load --injector K/N, or --injectors N) are merged into"
          + " one row per server: every request of every injector's simulation.log, percentiles from one histogram"
          + " of all response times, and a table of the injectors (their share, offered load, CPU use)."
    })
class CompareCommand implements Callable<Integer> {
  static final String MARKDOWN_FILE = "comparison.md";

  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "RUN_DIR", description = "Gatling report directories or their parents")
  List<Path> runDirectories;

  @Option(names = "--out", paramLabel = "DIR",
      description = "where to write comparison.html and comparison.md (default: the runs' common parent)")
  Path out;

  @Override
  public Integer call() throws Exception {
    PrintWriter output = spec.commandLine().getOut();
    List<Path> reports = Reports.find(runDirectories);
    // The reports of a scaled-out run's injectors become one run, merged from their simulation logs, and a run with
    // a warm-up has its figures from its log: both read with Gatling's reader, from the simulations' class path.
    List<ServerRun> runs = MergedRun.read(reports, GatlingInstallation.in(ProjectRoot.find()).classpath());
    Comparison comparison = Comparison.of(runs);
    Path directory = out != null ? out : Reports.commonParent(reports);
    List<CapacityCurves.Entry> curves = capacityCurves(comparison);
    Path page = write(comparison, curves, directory);
    output.print(ComparisonTable.text(comparison));
    output.println();
    if (!curves.isEmpty()) {
      output.print(CapacityCurves.text(curves));
      output.println();
    }
    output.println("comparison: " + page);
    output.println("markdown:   " + directory.resolve(MARKDOWN_FILE));
    return 0;
  }

  /** The curves of the comparison's capacity runs, read with the Gatling reader of the loadtests build. */
  static List<CapacityCurves.Entry> capacityCurves(Comparison comparison) throws java.io.IOException {
    if (comparison.scenarios().stream().noneMatch(CapacityCurves::isCapacity)) {
      return List.of();
    }
    return CapacityCurves.of(comparison, GatlingInstallation.in(ProjectRoot.find()).classpath());
  }

  /** Writes the page and the Markdown table into {@code directory}; returns the page. */
  static Path write(Comparison comparison, Path directory) throws java.io.IOException {
    return write(comparison, capacityCurves(comparison), directory);
  }

  /** Writes the page, with these capacity curves, and the Markdown table into {@code directory}; returns the page. */
  static Path write(Comparison comparison, List<CapacityCurves.Entry> curves, Path directory)
      throws java.io.IOException {
    Path page = ComparisonPage.write(comparison, curves, directory);
    Files.writeString(directory.resolve(MARKDOWN_FILE), ComparisonTable.markdown(comparison, directory));
    return page;
  }
}
