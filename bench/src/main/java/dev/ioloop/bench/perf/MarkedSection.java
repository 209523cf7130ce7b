package dev.ioloop.bench.perf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A generated section of a Markdown file, between two marker lines: written again on each run, while the text
 * around it (what the figures mean, the profiles) is kept. The bench's figures and the sweep's are two of them in
 * {@code docs/performance.md}.
 *
 * @param begin the line that opens the section
 * @param end   the line that closes it
 */
record MarkedSection(String begin, String end) {

  /** Replaces the section in {@code file} with {@code markdown} (or appends it, or creates the file). */
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
