package dev.ioloop.app.report;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;

/** Links from a comparison to each Gatling report, relative: the runs folder can be moved or archived whole. */
final class ReportLinks {
  private ReportLinks() {}

  /** The URL of the run's index.html relative to {@code base}, percent-encoded where a path needs it. */
  static String relative(Path base, ServerRun run) {
    return relative(base, run.report().directory());
  }

  /** The URL of the report directory's index.html relative to {@code base}. */
  static String relative(Path base, Path reportDirectory) {
    Path target = base.toAbsolutePath().normalize()
        .relativize(reportDirectory.toAbsolutePath().normalize().resolve("index.html"));
    try {
      return new URI(null, null, target.toString().replace(java.io.File.separatorChar, '/'), null).toASCIIString();
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a path a link can hold: " + target, e);
    }
  }
}
