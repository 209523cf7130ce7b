package dev.ioloop.app.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** Finds Gatling reports: a directory with an index.html, given directly or somewhere below a given directory. */
public final class Reports {
  /** Deep enough for runs/TIME/SCENARIO/SERVER/REPORT, the demo's layout. */
  private static final int SEARCH_DEPTH = 5;

  private Reports() {}

  /**
   * The report directories, in the order given; below one directory, in the order they were written, so a demo's
   * runs compare in the order they ran (scenario by scenario, servers alternating).
   */
  public static List<Path> find(List<Path> roots) throws IOException {
    Set<Path> reports = new LinkedHashSet<>();
    for (Path root : roots) {
      if (!Files.isDirectory(root)) {
        throw new IOException(root + " is not a directory");
      }
      try (Stream<Path> tree = Files.walk(root, SEARCH_DEPTH)) {
        List<Path> found = tree.filter(dir -> Files.isRegularFile(dir.resolve("index.html")))
            .map(dir -> dir.toAbsolutePath().normalize())
            .toList();
        Map<Path, FileTime> written = new HashMap<>();
        for (Path report : found) {
          written.put(report, Files.getLastModifiedTime(report.resolve("index.html")));
        }
        found.stream()
            .sorted(Comparator.comparing((Path report) -> written.get(report)).thenComparing(Path::compareTo))
            .forEach(reports::add);
      }
    }
    if (reports.isEmpty()) {
      throw new IOException("no Gatling report (a directory with index.html) in " + roots);
    }
    return new ArrayList<>(reports);
  }

  /** The deepest directory above every report: where a comparison of them belongs. */
  public static Path commonParent(List<Path> reports) {
    Path common = reports.getFirst().toAbsolutePath().normalize().getParent();
    for (Path report : reports) {
      while (!report.toAbsolutePath().normalize().startsWith(common)) {
        common = common.getParent();
      }
    }
    return common;
  }
}
