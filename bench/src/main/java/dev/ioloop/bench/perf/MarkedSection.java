package dev.ioloop.bench.perf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A generated section of a Markdown page, between two marker lines, so that the text around it (what the figures
 * mean, the profiles) is kept when the bench runs again.
 */
record MarkedSection(String begin, String end) {
  /** The figures of {@code ./ioloop bench}. */
  static final MarkedSection BENCH = new MarkedSection(
      "<!-- bench:begin (written by ./ioloop bench; edits between the markers are lost) -->", "<!-- bench:end -->");
  /** The figures of {@code ./ioloop bench --spread}. */
  static final MarkedSection SPREAD = new MarkedSection(
      "<!-- spread:begin (written by ./ioloop bench --spread; edits between the markers are lost) -->",
      "<!-- spread:end -->");

  /** Replaces this section of {@code file} with {@code markdown} (or appends one, or creates the file). */
  void writeInto(Path file, String markdown) throws IOException {
    String section = begin + "\n" + markdown + end + "\n";
    String existing = Files.exists(file) ? Files.readString(file) : "# Performance\n\n";
    int from = existing.indexOf(begin);
    int to = existing.indexOf(end);
    String updated = from >= 0 && to > from
        ? existing.substring(0, from) + section + existing.substring(to + end.length()).replaceFirst("^\n", "")
        : existing + (existing.endsWith("\n") ? "\n" : "\n\n") + section;
    Files.writeString(file, updated);
  }
}
