package dev.ioloop.http.codec;

import static dev.ioloop.http.codec.Feeding.ascii;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ioloop.http.codec.Feeding.Outcome;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpResponseParserTest {

  /** Parses {@code raw} whole and byte by byte; both must agree. */
  private static Outcome<ReceivedResponse> parse(HttpLimits limits, String raw) {
    Outcome<ReceivedResponse> whole = Feeding.whole(new HttpResponseParser(limits), ascii(raw));
    assertEquals(whole, Feeding.byteByByte(new HttpResponseParser(limits), ascii(raw)), "the split mattered");
    return whole;
  }

  private static ReceivedResponse single(String raw) {
    return parse(HttpLimits.DEFAULT, raw).single();
  }

  /** Parses a response that runs until the connection closes. */
  private static ReceivedResponse untilClose(String raw) throws HttpParseException {
    HttpResponseParser parser = new HttpResponseParser();
    assertNull(parser.parse(ByteBuffer.wrap(ascii(raw))));
    return parser.endOfInput();
  }

  private static void assertRejected502(HttpLimits limits, String raw) {
    Outcome<ReceivedResponse> outcome = parse(limits, raw);
    assertEquals(502, outcome.errorStatus(), () -> "outcome " + outcome);
  }

  @Test
  void readsAContentLengthResponse() {
    ReceivedResponse response = single("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello");
    assertEquals(200, response.status());
    assertEquals(HttpVersion.HTTP_1_1, response.version());
    assertEquals(Optional.of("text/plain"), response.headers().first("content-type"));
    assertEquals("hello", response.bodyText());
    assertTrue(response.keepAlive());
  }

  @Test
  void decodesAChunkedResponse() {
    ReceivedResponse response = single("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "3\r\nb:1\r\n10\r\n,s:0.010 => e:17\r\n0\r\n\r\n");
    assertEquals("b:1,s:0.010 => e:17", response.bodyText());
  }

  @Test
  void readsABodyWithoutLengthUntilTheConnectionCloses() throws HttpParseException {
    ReceivedResponse response = untilClose("HTTP/1.1 200 OK\r\n\r\nuntil the end");
    assertEquals("until the end", response.bodyText());
    assertFalse(response.keepAlive(), "a body ended by the close leaves no connection to reuse");
    assertEquals("", untilClose("HTTP/1.0 200 OK\r\n\r\n").bodyText());
  }

  @Test
  void takesNoBodyFrom204And304WhateverTheHeadersSay() {
    Outcome<ReceivedResponse> outcome = parse(HttpLimits.DEFAULT,
        "HTTP/1.1 204 No Content\r\nContent-Length: 7\r\n\r\nHTTP/1.1 304 Not Modified\r\n\r\n");
    assertEquals(2, outcome.messages().size());
    assertEquals(0, outcome.messages().get(0).body().length);
    assertEquals(304, outcome.messages().get(1).status());
  }

  @Test
  void skipsInterimResponses() {
    ReceivedResponse response = single("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </>\r\n\r\n"
        + "HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n");
    assertEquals(201, response.status());
    assertFalse(response.headers().contains("Link"), "the interim response's fields are dropped");
  }

  @Test
  void sixteenInterimResponsesAreSkippedAndAFloodOfThemIs502() {
    String interim = "HTTP/1.1 102 Processing\r\n\r\n";
    String last = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
    assertEquals(200, single(interim.repeat(HttpResponseParser.MAX_INTERIM_RESPONSES) + last).status());
    assertRejected502(HttpLimits.DEFAULT, interim.repeat(HttpResponseParser.MAX_INTERIM_RESPONSES + 1) + last);
  }

  @Test
  void toleratesAStatusLineWithoutReasonPhrase() {
    assertEquals(404, single("HTTP/1.1 404\r\nContent-Length: 0\r\n\r\n").status());
    assertEquals(599, single("HTTP/1.1 599 \r\nContent-Length: 0\r\n\r\n").status());
  }

  @Test
  void appliesTheKeepAliveRulesOfEachVersion() {
    assertFalse(single("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n").keepAlive());
    assertFalse(single("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n").keepAlive());
    assertTrue(single("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n").keepAlive());
  }

  @Test
  void failsAClosedConnectionBeforeOrInsideAResponse() throws HttpParseException {
    assertEquals(502, assertThrows(HttpParseException.class, () -> new HttpResponseParser().endOfInput()).status());
    HttpResponseParser parser = new HttpResponseParser();
    assertNull(parser.parse(ByteBuffer.wrap(ascii("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nshort"))));
    HttpParseException cut = assertThrows(HttpParseException.class, parser::endOfInput);
    assertEquals("connection closed in the middle of a response", cut.reason());
    assertThrows(HttpParseException.class, () -> parser.parse(ByteBuffer.allocate(0)), "failure is final");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "HTTP/1.1200 OK\r\n\r\n",
      "HTTP/1.1 20 OK\r\n\r\n",
      "HTTP/1.1 2000 OK\r\n\r\n",
      "HTTP/1.1 abc OK\r\n\r\n",
      "HTTP/1.1 099 Low\r\n\r\n",
      "HTTP/1.1 600 High\r\n\r\n",
      "HTTP/2 200 OK\r\n\r\n",
      "ICY 200 OK\r\n\r\n",
      "HTTP/1.1 101 Switching Protocols\r\n\r\n",
      "HTTP/1.1 200 OK\nContent-Length: 0\r\n\r\n",
      "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nx",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nxyz\r\n",
      "garbage\r\n\r\n"})
  void answersEveryBrokenResponseWith502(String raw) {
    assertRejected502(HttpLimits.DEFAULT, raw);
  }

  @Test
  void answersResponsesOverTheLimitsWith502() {
    HttpLimits limits = new HttpLimits(64, 8);
    assertRejected502(limits, "HTTP/1.1 200 OK\r\nX: " + "x".repeat(64) + "\r\n\r\n");
    assertRejected502(limits, "HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n");
    assertRejected502(limits, "HTTP/1.1 200 OK\r\n\r\n123456789");
    assertRejected502(limits, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n12345\r\n4\r\n");
    assertArrayEquals(ascii("12345678"), parse(limits, "HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\n12345678")
        .single().body());
  }
}
