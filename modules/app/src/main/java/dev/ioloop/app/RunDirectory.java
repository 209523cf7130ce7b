package dev.ioloop.app;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** Where a command writes its output: runs/ under the checkout (gitignored), one directory per invocation. */
final class RunDirectory {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private RunDirectory() {}

  /** runs/{@code prefix}{@code yyyyMMdd-HHmmss}: sortable, and a person can tell runs apart by their time. */
  static Path timestamped(Path projectRoot, String prefix) {
    return projectRoot.resolve("runs").resolve(prefix + LocalDateTime.now().format(STAMP));
  }
}
