package dev.ioloop.app;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The named regions of a source file, marked as AsciiDoc marks them: a line {@code // tag::NAME[]} opens NAME, a
 * line {@code // end::NAME[]} closes it. The marker lines themselves belong to no region, so regions may overlap or
 * nest. A region's text loses the indentation its lines share, so an excerpt of a method starts at column one.
 */
record TaggedRegions(String source, Map<String, String> regions) {
  private static final Pattern MARKER = Pattern.compile("^\\s*//\\s*(tag|end)::([\\w-]+)\\[]\\s*$");

  /** Every region of {@code text}; {@code source} names the text in errors. A marker without its pair is an error. */
  static TaggedRegions of(String source, String text) {
    Map<String, List<String>> open = new LinkedHashMap<>();
    Map<String, String> closed = new LinkedHashMap<>();
    List<String> lines = text.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher marker = MARKER.matcher(line);
      if (!marker.matches()) {
        open.values().forEach(region -> region.add(line));
        continue;
      }
      String name = marker.group(2);
      String where = source + ":" + (i + 1);
      if (marker.group(1).equals("tag")) {
        if (open.containsKey(name) || closed.containsKey(name)) {
          throw new IllegalArgumentException(where + ": region '" + name + "' is tagged twice");
        }
        open.put(name, new ArrayList<>());
      } else {
        List<String> region = open.remove(name);
        if (region == null) {
          throw new IllegalArgumentException(where + ": end::" + name + "[] without its tag::" + name + "[]");
        }
        if (region.stream().allMatch(String::isBlank)) {
          throw new IllegalArgumentException(where + ": region '" + name + "' is empty");
        }
        closed.put(name, dedent(region));
      }
    }
    if (!open.isEmpty()) {
      throw new IllegalArgumentException(source + ": tag::" + open.keySet().iterator().next() + "[] is never ended");
    }
    return new TaggedRegions(source, Map.copyOf(closed));
  }

  /** The region's text, ending with a newline. */
  String region(String name) {
    String text = regions.get(name);
    if (text == null) {
      throw new IllegalArgumentException(source + " has no region '" + name + "' (it has " + regions.keySet().stream()
          .sorted().toList() + "); mark it with // tag::" + name + "[] and // end::" + name + "[]");
    }
    return text;
  }

  private static String dedent(List<String> lines) {
    int shared = lines.stream()
        .filter(line -> !line.isBlank())
        .mapToInt(line -> line.length() - line.stripLeading().length())
        .min()
        .orElse(0);
    StringBuilder text = new StringBuilder();
    for (String line : lines) {
      text.append(line.isBlank() ? "" : line.substring(shared)).append('\n');
    }
    return text.toString();
  }
}
