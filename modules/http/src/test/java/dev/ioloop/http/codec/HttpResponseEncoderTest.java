package dev.ioloop.http.codec;

import static dev.ioloop.http.codec.Feeding.ascii;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpResponseEncoderTest {

  private static String encode(HttpResponse response, HttpVersion version, boolean keepAlive) {
    ByteBuffer encoded = HttpResponseEncoder.encode(response, version, keepAlive);
    assertEquals(HttpResponseEncoder.encodedLength(response, version, keepAlive), encoded.remaining());
    return StandardCharsets.ISO_8859_1.decode(encoded).toString();
  }

  @Test
  void writesAKeptOpenHttp11AnswerWithoutConnectionField() {
    assertEquals("HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 13\r\n\r\n"
        + "Hello, World!", encode(HttpResponse.text(200, "Hello, World!"), HttpVersion.HTTP_1_1, true));
  }

  @Test
  void saysKeepAliveToHttp10ClientsAndCloseToAnyClientItClosesOn() {
    HttpResponse ok = HttpResponse.text(200, "ok");
    String head = "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 2\r\n";
    assertEquals(head + "Connection: keep-alive\r\n\r\nok", encode(ok, HttpVersion.HTTP_1_0, true));
    assertEquals(head + "Connection: close\r\n\r\nok", encode(ok, HttpVersion.HTTP_1_0, false));
    assertEquals(head + "Connection: close\r\n\r\nok", encode(ok, HttpVersion.HTTP_1_1, false));
  }

  @Test
  void writesTheContractsErrorAnswers() {
    assertEquals("HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 16\r\n"
        + "Connection: close\r\n\r\nunknown version\n",
        encode(HttpResponse.error(400, "unknown version"), HttpVersion.HTTP_1_1, false));
    assertEquals("HTTP/1.1 405 Method Not Allowed\r\nContent-Type: text/plain; charset=utf-8\r\n"
        + "Allow: GET, POST\r\nContent-Length: 39\r\n\r\nmethod not allowed, allowed: GET, POST\n",
        encode(HttpResponse.methodNotAllowed("GET", "POST"), HttpVersion.HTTP_1_1, true));
  }

  @Test
  void keepsAnErrorBodyOnOneLine() {
    assertArrayEquals(ascii("two lines\n"), HttpResponse.error(502, "two\nlines").body());
  }

  @Test
  void writesNoContentLengthFor204() {
    assertEquals("HTTP/1.1 204 No Content\r\n\r\n",
        encode(new HttpResponse(204, HttpHeaders.EMPTY, new byte[0]), HttpVersion.HTTP_1_1, true));
  }

  @Test
  void batchesPipelinedAnswersIntoOneBuffer() {
    HttpResponse first = HttpResponse.text(200, "one");
    HttpResponse second = HttpResponse.json(200, "{}");
    int length = HttpResponseEncoder.encodedLength(first, HttpVersion.HTTP_1_1, true)
        + HttpResponseEncoder.encodedLength(second, HttpVersion.HTTP_1_1, false);
    ByteBuffer out = ByteBuffer.allocateDirect(length);
    HttpResponseEncoder.encode(first, HttpVersion.HTTP_1_1, true, out);
    HttpResponseEncoder.encode(second, HttpVersion.HTTP_1_1, false, out);
    assertEquals(0, out.remaining());
    ByteBuffer oneByteShort =
        ByteBuffer.allocate(HttpResponseEncoder.encodedLength(first, HttpVersion.HTTP_1_1, true) - 1);
    assertThrows(BufferOverflowException.class,
        () -> HttpResponseEncoder.encode(first, HttpVersion.HTTP_1_1, true, oneByteShort));
  }

  @Test
  void writesWhatTheResponseParserReadsBack() throws HttpParseException {
    HttpResponse sent = HttpResponse.of(503, "application/octet-stream", new byte[] {0, 1, (byte) 0xFF})
        .withHeader("Retry-After", "1").withHeader("X-Obs", "caf\u00e9");
    ReceivedResponse received = new HttpResponseParser().parse(
        HttpResponseEncoder.encode(sent, HttpVersion.HTTP_1_0, true));
    assertEquals(503, received.status());
    assertArrayEquals(sent.body(), received.body());
    HttpHeaders headers = received.headers();
    assertEquals(List.of("application/octet-stream", "1", "caf\u00e9", "3", "keep-alive"),
        IntStream.range(0, headers.size()).mapToObj(headers::value).toList());
  }

  @ParameterizedTest
  @ValueSource(strings = {"Content-Length", "content-length", "Transfer-Encoding", "Connection"})
  void refusesFramingFieldsInTheResponse(String name) {
    assertThrows(IllegalArgumentException.class, () -> HttpResponse.text(200, "x").withHeader(name, "1"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\r\nSet-Cookie: x=1", "a\nb", "nul\u0000", "\u20ac"})
  void refusesHeaderValuesThatWouldSplitOrCannotBeSent(String value) {
    assertThrows(IllegalArgumentException.class, () -> HttpResponse.text(200, "x").withHeader("X", value));
  }

  @Test
  void refusesBadStatusesNamesAndBodies() {
    assertThrows(IllegalArgumentException.class, () -> HttpResponse.text(199, "x"));
    assertThrows(IllegalArgumentException.class, () -> HttpResponse.text(600, "x"));
    assertThrows(IllegalArgumentException.class, () -> HttpResponse.text(304, "x"));
    assertThrows(IllegalArgumentException.class, () -> HttpResponse.text(200, "x").withHeader("Bad Name", "x"));
  }
}
