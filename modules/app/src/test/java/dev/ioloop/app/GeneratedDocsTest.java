package dev.ioloop.app;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every page of docs/ that is generated from a template (docs/side-by-side.md) is what its template and the source
 * regions it includes make now: code changed inside a tagged region fails the build until the page is regenerated.
 * With {@code -Dioloop.updateDocs=true} (what {@code ./ioloop docs} passes) the test writes the pages instead.
 */
class GeneratedDocsTest {
  static final String UPDATE_PROPERTY = "ioloop.updateDocs";
  private static final String HOW_TO_REGENERATE = "Regenerate with ./ioloop docs (or mvn -pl modules/app -am test"
      + " -Dtest=GeneratedDocsTest -Dsurefire.failIfNoSpecifiedTests=false -D" + UPDATE_PROPERTY + "=true) and"
      + " commit the result.";

  @Test
  void everyGeneratedPageMatchesItsTemplateAndTheSources() throws IOException {
    Path root = ProjectRoot.find();
    List<DocTemplate> templates = DocTemplate.all(root);
    assertFalse(templates.isEmpty(), "no docs/*.template.md under " + root);
    boolean update = Boolean.getBoolean(UPDATE_PROPERTY);
    List<String> stale = new ArrayList<>();
    for (DocTemplate template : templates) {
      String generated = template.render();
      boolean exists = Files.isRegularFile(template.target());
      String committed = exists ? Files.readString(template.target()) : null;
      if (generated.equals(committed)) {
        continue;
      }
      if (update) {
        Files.writeString(template.target(), generated);
      } else {
        stale.add(root.relativize(template.target()) + " "
            + (exists ? firstDifference(committed, generated) : "is missing"));
      }
    }
    if (!stale.isEmpty()) {
      fail("out of date with its template or the source regions it includes:\n  " + String.join("\n  ", stale)
          + "\n" + HOW_TO_REGENERATE);
    }
  }

  /** Where the two texts part, as a line number and both versions of that line. */
  static String firstDifference(String committed, String generated) {
    List<String> was = committed.lines().toList();
    List<String> now = generated.lines().toList();
    int line = 0;
    while (line < was.size() && line < now.size() && was.get(line).equals(now.get(line))) {
      line++;
    }
    if (line == was.size() && line == now.size()) {
      return "differs in its line ends only";
    }
    return "differs from line " + (line + 1) + ":\n    committed: " + lineOrEnd(was, line)
        + "\n    generated: " + lineOrEnd(now, line);
  }

  private static String lineOrEnd(List<String> lines, int index) {
    return index < lines.size() ? lines.get(index) : "(end of file)";
  }
}
