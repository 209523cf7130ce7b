package dev.ioloop.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocTemplateTest {
  @TempDir Path root;

  @BeforeEach
  void aSourceWithARegion() throws IOException {
    Files.createDirectories(root.resolve("src"));
    Files.createDirectories(root.resolve("docs"));
    Files.writeString(root.resolve("src/Hello.java"), """
        class Hello {
          // tag::hello[]
          String hello() {
            return "Hello";
          }
          // end::hello[]
        }
        """);
  }

  @Test
  void anIncludeLineBecomesAFencedBlockOfTheRegionAndEveryOtherLineStays() throws IOException {
    Path template = Files.writeString(root.resolve("docs/pair.template.md"), """
        # Pair

        The reactor:
        include::src/Hello.java[tag=hello]
        That is all: `include::` only counts as a whole line.
        """);

    DocTemplate doc = new DocTemplate(root, template);

    assertEquals(root.resolve("docs/pair.md"), doc.target());
    assertEquals("""
        <!-- Generated from docs/pair.template.md by ./ioloop docs: edit the template or the tagged source regions, \
        not this file. -->
        # Pair

        The reactor:
        ```java
        String hello() {
          return "Hello";
        }
        ```
        That is all: `include::` only counts as a whole line.
        """, doc.render());
  }

  @Test
  void templatesAreFoundUnderDocsAndNothingElseIs() throws IOException {
    Files.writeString(root.resolve("docs/b.template.md"), "b\n");
    Files.writeString(root.resolve("docs/a.template.md"), "a\n");
    Files.writeString(root.resolve("docs/a.md"), "generated\n");

    List<Path> templates = DocTemplate.all(root).stream().map(DocTemplate::template).toList();

    assertEquals(List.of(root.resolve("docs/a.template.md"), root.resolve("docs/b.template.md")), templates);
  }

  @Test
  void anIncludeOfAMissingFileOrRegionSaysWhich() throws IOException {
    Path missingFile = Files.writeString(root.resolve("docs/f.template.md"), "text\ninclude::src/Gone.java[tag=x]\n");
    var noFile = assertThrows(IllegalArgumentException.class, () -> new DocTemplate(root, missingFile).render());
    assertEquals("docs/f.template.md:2: no file src/Gone.java", noFile.getMessage());

    Path outside = Files.writeString(root.resolve("docs/o.template.md"), "include::../etc/passwd[tag=x]\n");
    assertThrows(IllegalArgumentException.class, () -> new DocTemplate(root, outside).render());

    Path missingRegion = Files.writeString(root.resolve("docs/r.template.md"), "include::src/Hello.java[tag=bye]\n");
    var noRegion = assertThrows(IllegalArgumentException.class, () -> new DocTemplate(root, missingRegion).render());
    assertEquals("src/Hello.java has no region 'bye' (it has [hello]); mark it with // tag::bye[] and"
        + " // end::bye[]", noRegion.getMessage());
  }
}
