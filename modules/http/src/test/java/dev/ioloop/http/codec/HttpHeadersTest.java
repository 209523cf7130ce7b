package dev.ioloop.http.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HttpHeadersTest {
  private final HttpHeaders headers = HttpHeaders.of("Connection", "keep-alive, Upgrade", "Accept", "a",
      "CONNECTION", ",  ,x-Token ,", "accept", "b");

  @Test
  void findsFieldsByNameInAnyCaseInArrivalOrder() {
    assertEquals(Optional.of("a"), headers.first("ACCEPT"));
    assertEquals(List.of("a", "b"), headers.all("Accept"));
    assertEquals(Optional.empty(), headers.first("Host"));
    assertEquals(List.of(), headers.all("Host"));
    assertTrue(headers.contains("connection"));
    assertEquals("CONNECTION", headers.name(2));
    assertEquals("b", headers.value(3));
    assertThrows(IndexOutOfBoundsException.class, () -> headers.name(4));
  }

  @Test
  void splitsListFieldsAcrossLinesDroppingEmptyElements() {
    assertEquals(List.of("keep-alive", "Upgrade", "x-Token"), headers.listElements("connection"));
    assertTrue(headers.hasToken("Connection", "X-TOKEN"));
    assertFalse(headers.hasToken("Connection", "close"));
  }

  @Test
  void addsFieldsWithoutChangingTheOriginal() {
    HttpHeaders more = headers.with("Host", "h");
    assertEquals(Optional.of("h"), more.first("host"));
    assertFalse(headers.contains("Host"));
    assertNotEquals(headers, more);
    assertEquals(HttpHeaders.of("A", "1").with("B", "2"), HttpHeaders.of("A", "1", "B", "2"));
  }

  @Test
  void refusesAnOddCountOfNamesAndValues() {
    assertThrows(IllegalArgumentException.class, () -> HttpHeaders.of("A"));
    assertThrows(NullPointerException.class, () -> HttpHeaders.of("A", null));
  }
}
