package dev.ioloop.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TaggedRegionsTest {
  private static final String SOURCE = """
      final class Endpoints {
        // tag::outer[]
        // tag::hello[]
        /** Says hello. */
        String hello() {
          return "Hello";
        }
        // end::hello[]

        String bye() {
          return "Bye";
        }
        // end::outer[]
      }
      """;

  @Test
  void aRegionIsTheLinesBetweenItsMarkersWithTheSharedIndentationRemoved() {
    TaggedRegions regions = TaggedRegions.of("Endpoints.java", SOURCE);
    assertEquals("""
        /** Says hello. */
        String hello() {
          return "Hello";
        }
        """, regions.region("hello"));
  }

  @Test
  void regionsNestAndMarkerLinesBelongToNone() {
    String outer = TaggedRegions.of("Endpoints.java", SOURCE).region("outer");
    assertEquals("""
        /** Says hello. */
        String hello() {
          return "Hello";
        }

        String bye() {
          return "Bye";
        }
        """, outer);
  }

  @Test
  void aMissingRegionIsNamedWithTheOnesThatExist() {
    TaggedRegions regions = TaggedRegions.of("Endpoints.java", SOURCE);
    var missing = assertThrows(IllegalArgumentException.class, () -> regions.region("noblock"));
    assertEquals("Endpoints.java has no region 'noblock' (it has [hello, outer]); mark it with // tag::noblock[]"
        + " and // end::noblock[]", missing.getMessage());
  }

  @Test
  void aMarkerWithoutItsPairIsAnErrorThatSaysWhere() {
    var unended = assertThrows(IllegalArgumentException.class,
        () -> TaggedRegions.of("A.java", "// tag::a[]\nint a;\n"));
    assertEquals("A.java: tag::a[] is never ended", unended.getMessage());

    var unopened = assertThrows(IllegalArgumentException.class,
        () -> TaggedRegions.of("A.java", "int a;\n  // end::a[]\n"));
    assertEquals("A.java:2: end::a[] without its tag::a[]", unopened.getMessage());

    var twice = assertThrows(IllegalArgumentException.class,
        () -> TaggedRegions.of("A.java", "// tag::a[]\nint a;\n// end::a[]\n// tag::a[]\n"));
    assertEquals("A.java:4: region 'a' is tagged twice", twice.getMessage());
  }

  @Test
  void anEmptyRegionIsAnError() {
    var empty = assertThrows(IllegalArgumentException.class,
        () -> TaggedRegions.of("A.java", "// tag::a[]\n\n// end::a[]\n"));
    assertEquals("A.java:3: region 'a' is empty", empty.getMessage());
  }

  @Test
  void onlyAWholeLineCommentIsAMarker() {
    TaggedRegions regions = TaggedRegions.of("A.java", """
        // tag::a[]
        String s = "// end::a[]"; // tag::b[]
        // end::a[]
        """);
    assertTrue(regions.region("a").contains("String s"));
    assertEquals(java.util.Set.of("a"), regions.regions().keySet());
  }
}
