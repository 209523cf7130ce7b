package dev.ioloop.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A page of docs/ written as {@code docs/NAME.template.md} and generated as {@code docs/NAME.md}: every template line
 * {@code include::PATH[tag=NAME]} (PATH from the checkout's root) becomes a fenced code block holding that
 * {@link TaggedRegions region} of the file, so code shown in the docs is the code that runs and cannot drift from it.
 * Every other line is copied as it is.
 */
record DocTemplate(Path root, Path template) {
  private static final String SUFFIX = ".template.md";
  private static final Pattern INCLUDE = Pattern.compile("^include::(\\S+)\\[tag=([\\w-]+)]\\s*$");

  DocTemplate {
    root = root.toAbsolutePath().normalize(); // so that an include cannot leave it by "../"
  }

  /** Every template under {@code root}/docs, in name order. */
  static List<DocTemplate> all(Path root) throws IOException {
    try (Stream<Path> docs = Files.list(root.toAbsolutePath().normalize().resolve("docs"))) {
      return docs.filter(path -> path.getFileName().toString().endsWith(SUFFIX))
          .sorted()
          .map(template -> new DocTemplate(root, template))
          .toList();
    }
  }

  /** The page this template generates, next to it. */
  Path target() {
    String name = template.getFileName().toString();
    return template.resolveSibling(name.substring(0, name.length() - SUFFIX.length()) + ".md");
  }

  /** The generated page: a notice that it is generated, then the template with every include expanded. */
  String render() throws IOException {
    Map<Path, TaggedRegions> sources = new HashMap<>();
    StringBuilder page = new StringBuilder("<!-- Generated from ").append(relative(template))
        .append(" by ./ioloop docs: edit the template or the tagged source regions, not this file. -->\n");
    List<String> lines = Files.readAllLines(template);
    for (int i = 0; i < lines.size(); i++) {
      Matcher include = INCLUDE.matcher(lines.get(i));
      if (!include.matches()) {
        page.append(lines.get(i)).append('\n');
        continue;
      }
      Path source = root.resolve(include.group(1)).normalize();
      if (!source.startsWith(root) || !Files.isRegularFile(source)) {
        throw new IllegalArgumentException(relative(template) + ":" + (i + 1) + ": no file " + include.group(1));
      }
      TaggedRegions regions = sources.computeIfAbsent(source, this::regionsOf);
      page.append("```").append(fenceLanguage(source)).append('\n')
          .append(regions.region(include.group(2)))
          .append("```\n");
    }
    return page.toString();
  }

  private TaggedRegions regionsOf(Path source) {
    try {
      return TaggedRegions.of(relative(source), Files.readString(source));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String relative(Path path) {
    return root.relativize(path).toString();
  }

  /** The file's extension, which is also the name GitHub highlights it by: java, xml, sh. */
  private static String fenceLanguage(Path source) {
    String name = source.getFileName().toString();
    return name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
  }
}
