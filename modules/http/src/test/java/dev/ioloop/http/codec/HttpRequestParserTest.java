package dev.ioloop.http.codec;

import static dev.ioloop.http.codec.Feeding.ascii;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ioloop.http.codec.Feeding.Outcome;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpRequestParserTest {

  /** Parses {@code raw} whole and byte by byte; both must agree, whatever the outcome. */
  private static Outcome<HttpRequest> parse(HttpLimits limits, String raw) {
    Outcome<HttpRequest> whole = Feeding.whole(new HttpRequestParser(limits), ascii(raw));
    Outcome<HttpRequest> byteByByte = Feeding.byteByByte(new HttpRequestParser(limits), ascii(raw));
    assertEquals(whole, byteByByte, "the split changed the outcome");
    return whole;
  }

  private static Outcome<HttpRequest> parse(String raw) {
    return parse(HttpLimits.DEFAULT, raw);
  }

  private static HttpRequest single(String raw) {
    return parse(raw).single();
  }

  private static void assertRejected(int status, String raw) {
    assertRejected(status, HttpLimits.DEFAULT, raw);
  }

  private static void assertRejected(int status, HttpLimits limits, String raw) {
    Outcome<HttpRequest> outcome = parse(limits, raw);
    assertEquals(status, outcome.errorStatus(), () -> "outcome " + outcome);
    assertTrue(outcome.messages().isEmpty(), () -> "nothing parses before the error: " + outcome);
    assertFalse(outcome.errorReason().isBlank() || outcome.errorReason().contains("\n"), "one-line reason");
  }

  @Nested
  class WellFormed {
    @Test
    void readsEveryPartOfARequest() {
      HttpRequest request = single("POST /api/echo?name=a+b&x=%C3%A9 HTTP/1.1\r\n"
          + "Host: 127.0.0.1:8080\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello");
      assertEquals("POST", request.method());
      assertEquals("/api/echo?name=a+b&x=%C3%A9", request.target());
      assertEquals("/api/echo", request.path());
      assertEquals(Map.of("name", "a b", "x", "é"), request.query());
      assertEquals(HttpVersion.HTTP_1_1, request.version());
      assertEquals(3, request.headers().size());
      assertArrayEquals(ascii("hello"), request.body());
      assertTrue(request.keepAlive());
    }

    @Test
    void looksUpHeadersRegardlessOfCaseAndTrimsTheirValues() {
      HttpRequest request =
          single("GET / HTTP/1.1\r\nHost: lab\r\nX-Thing: \t one \t\r\nx-thing:two\r\nAccept:\r\n\r\n");
      HttpHeaders headers = request.headers();
      assertEquals(Optional.of("one"), headers.first("X-THING"));
      assertEquals(List.of("one", "two"), headers.all("x-Thing"));
      assertEquals(Optional.of(""), headers.first("accept"));
      assertEquals("x-thing", headers.name(2), "names keep the case they were sent in");
      assertFalse(headers.contains("Content-Length"));
    }

    @Test
    void passesBytesOfOtherEncodingsInHeaderValuesThrough() {
      HttpRequest request = single("GET / HTTP/1.1\r\nHost: lab\r\nX-Latin: caf\u00e9\r\n\r\n");
      assertEquals(Optional.of("caf\u00e9"), request.headers().first("X-Latin"));
    }

    @Test
    void decodesTheQueryFirstRepeatedNameWinning() {
      HttpRequest request = single("GET /p?a=1&&b&a=2&c=x%3Dy&%E2%82%AC=euro&d= HTTP/1.1\r\nHost: lab\r\n\r\n");
      assertEquals(List.of("a", "b", "c", "\u20ac", "d"), List.copyOf(request.query().keySet()));
      assertEquals("1", request.query().get("a"));
      assertEquals("", request.query().get("b"));
      assertEquals("x=y", request.query().get("c"));
      assertEquals("euro", request.query().get("\u20ac"));
      assertEquals("", request.query().get("d"));
    }

    @Test
    void keepsThePathPercentEncoded() {
      HttpRequest request = single("GET /a%2Fb?q HTTP/1.1\r\nHost: lab\r\n\r\n");
      assertEquals("/a%2Fb", request.path());
      assertEquals(Map.of("q", ""), request.query());
    }

    @Test
    void acceptsTheAbsoluteFormAndTheAsteriskOfOptions() {
      assertEquals("/api/hello", single("GET http://localhost:8080/api/hello HTTP/1.1\r\nHost: lab\r\n\r\n").path());
      HttpRequest bare = single("GET HTTP://localhost?x=1 HTTP/1.1\r\nHost: lab\r\n\r\n");
      assertEquals("/", bare.path());
      assertEquals(Map.of("x", "1"), bare.query());
      assertEquals("*", single("OPTIONS * HTTP/1.1\r\nHost: lab\r\n\r\n").path());
    }

    @Test
    void skipsBlankLinesBeforeTheRequestLine() {
      assertEquals("/x", single("\r\n\r\nGET /x HTTP/1.1\r\nHost: lab\r\n\r\n").path());
    }

    @Test
    void takesNoBodyWithoutContentLengthOrTransferEncoding() {
      Outcome<HttpRequest> outcome = parse("POST /a HTTP/1.1\r\nHost: lab\r\n\r\nGET /b HTTP/1.1\r\nHost: lab\r\n\r\n");
      assertEquals(0, outcome.messages().get(0).body().length);
      assertEquals("/b", outcome.messages().get(1).path(), "the bytes after the head are the next request");
    }

    @Test
    void acceptsRepeatedContentLengthsThatAgree() {
      assertEquals(3, single("POST / HTTP/1.1\r\nHost: lab\r\nContent-Length: 3, 3\r\nContent-Length: 003\r\n\r\nabc")
          .body().length);
    }

    @Test
    void decodesChunkedBodiesWithExtensionsAndTrailers() {
      HttpRequest request = single("POST /api/echo HTTP/1.1\r\nHost: lab\r\nTransfer-Encoding: Chunked\r\n\r\n"
          + "5;name=value\r\nhello\r\nA\r\n, chunked!\r\n0\r\nX-Trailer: dropped\r\n\r\n");
      assertEquals("hello, chunked!", new String(request.body()));
      assertFalse(request.headers().contains("X-Trailer"), "trailers are dropped");
    }
  }

  @Nested
  class KeepAlive {
    @ParameterizedTest
    @ValueSource(strings = {
        "GET / HTTP/1.1\r\nHost: lab\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: lab\r\nConnection: keep-alive\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: lab\r\nConnection: upgrade\r\n\r\n",
        "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
        "GET / HTTP/1.0\r\nConnection: Upgrade, Keep-Alive\r\n\r\n"})
    void persistent(String raw) {
      assertTrue(single(raw).keepAlive());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "GET / HTTP/1.1\r\nHost: lab\r\nConnection: close\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: lab\r\nConnection: keep-alive, CLOSE\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: lab\r\nConnection: keep-alive\r\nConnection: close\r\n\r\n",
        "GET / HTTP/1.0\r\n\r\n",
        "GET / HTTP/1.0\r\nConnection: keep-alive,close\r\n\r\n"})
    void closing(String raw) {
      assertFalse(single(raw).keepAlive());
    }
  }

  @Nested
  class Incremental {
    @Test
    void yieldsPipelinedRequestsOneAtATimeLeavingTheRestInTheBuffer() throws HttpParseException {
      HttpRequestParser parser = new HttpRequestParser();
      String first = "POST /1 HTTP/1.1\r\nHost: lab\r\nContent-Length: 2\r\n\r\nab";
      ByteBuffer buffer = ByteBuffer.wrap(ascii(first + "GET /2 HTTP/1.1\r\nHost: lab\r\n\r\nGET /3 HT"));

      assertEquals("/1", parser.parse(buffer).path());
      assertEquals(first.length(), buffer.position(), "exactly the first request was consumed");
      assertEquals("/2", parser.parse(buffer).path());
      assertNull(parser.parse(buffer));
      assertFalse(buffer.hasRemaining());
      assertEquals(MessageProgress.HEAD, parser.progress());

      assertEquals("/3", parser.parse(ByteBuffer.wrap(ascii("TP/1.1\r\nHost: lab\r\n\r\n"))).path());
      assertEquals(MessageProgress.IDLE, parser.progress());
    }

    @Test
    void reportsProgressForTheServersTimeouts() throws HttpParseException {
      HttpRequestParser parser = new HttpRequestParser();
      assertEquals(MessageProgress.IDLE, parser.progress());
      assertNull(parser.parse(ByteBuffer.wrap(ascii("POST / HTTP/1.1\r\nHost: lab\r\nContent-Len"))));
      assertEquals(MessageProgress.HEAD, parser.progress());
      assertNull(parser.parse(ByteBuffer.wrap(ascii("gth: 4\r\n\r\nab"))));
      assertEquals(MessageProgress.BODY, parser.progress());
      assertArrayEquals(ascii("abcd"), parser.parse(ByteBuffer.wrap(ascii("cd"))).body());
      assertEquals(MessageProgress.IDLE, parser.progress());
    }

    @Test
    void keepsFailingWithTheSameErrorOnceFailed() {
      HttpRequestParser parser = new HttpRequestParser();
      HttpParseException first = assertThrows(HttpParseException.class,
          () -> parser.parse(ByteBuffer.wrap(ascii("GET / HTTP/1.1\nHost: x\r\n\r\n"))));
      HttpParseException again = assertThrows(HttpParseException.class,
          () -> parser.parse(ByteBuffer.wrap(ascii("GET / HTTP/1.1\r\nHost: lab\r\n\r\n"))));
      assertSame(first, again);
    }
  }

  @Nested
  class Limits {
    private static final HttpLimits SMALL = new HttpLimits(64, 16);

    /** A request whose head is exactly {@code length} bytes. */
    private static String headOfLength(int length) {
      String start = "GET / HTTP/1.1\r\nHost: lab\r\nX: ";
      return start + "a".repeat(length - start.length() - 4) + "\r\n\r\n";
    }

    @Test
    void acceptsAHeadOfExactlyTheLimitAndRefusesOneByteMoreWith431() {
      assertEquals(8192, headOfLength(8192).length());
      assertEquals("/", single(headOfLength(8192)).path());
      assertRejected(431, headOfLength(8193));
      assertRejected(431, SMALL, headOfLength(65));
    }

    @Test
    void countsTheRequestLineAndBlankLinesBeforeItInTheHead() {
      assertRejected(431, "GET /" + "a".repeat(8200) + " HTTP/1.1\r\nHost: lab\r\n\r\n");
      assertRejected(431, SMALL, "\r\n".repeat(30) + "GET / HTTP/1.1\r\nHost: lab\r\n\r\n");
    }

    @Test
    void refusesAnOversizedBodyWith413BeforeItArrives() throws HttpParseException {
      HttpRequestParser parser = new HttpRequestParser();
      ByteBuffer head = ByteBuffer.wrap(ascii("POST / HTTP/1.1\r\nHost: lab\r\nContent-Length: 1048577\r\n\r\n"));
      assertEquals(413, assertThrows(HttpParseException.class, () -> parser.parse(head)).status());
      assertTrue(parser.retainedBytes() < 1024, "nothing was allocated for the body");
      assertEquals(1048576, single("POST / HTTP/1.1\r\nHost: lab\r\nContent-Length: 1048576\r\n\r\n"
          + "x".repeat(1048576)).body().length);
    }

    @Test
    void appliesAConfiguredBodyLimitToBothFramings() {
      HttpLimits limits = HttpLimits.DEFAULT.withMaxBodyBytes(16);
      assertEquals(16, parse(limits, "POST / HTTP/1.1\r\nHost: lab\r\nContent-Length: 16\r\n\r\n" + "x".repeat(16))
          .single().body().length);
      assertRejected(413, limits, "POST / HTTP/1.1\r\nHost: lab\r\nContent-Length: 17\r\n\r\n");
      assertRejected(413, limits, "POST / HTTP/1.1\r\nHost: lab\r\nTransfer-Encoding: chunked\r\n\r\n11\r\n");
      assertRejected(413, limits, "POST / HTTP/1.1\r\nHost: lab\r\nTransfer-Encoding: chunked\r\n\r\n"
          + "9\r\n123456789\r\n8\r\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"100001", "7fffffff", "80000000", "ffffffffffffffff", "fffffffffffffffffffffffff"})
    void refusesAChunkLargerThanTheBodyLimitWith413HoweverManyDigits(String size) {
      assertRejected(413, "POST / HTTP/1.1\r\nHost: lab\r\nTransfer-Encoding: chunked\r\n\r\n" + size + "\r\n");
    }

    @Test
    void boundsChunkSizeLinesAndTrailersByTheHeadLimit() {
      String chunked = "POST / HTTP/1.1\r\nHost: lab\r\nTransfer-Encoding: chunked\r\n\r\n";
      HttpLimits limits = SMALL.withMaxBodyBytes(1024);
      String withinLimits = chunked + "1;" + "e".repeat(50) + "\r\nx\r\n0\r\nX: " + "t".repeat(50) + "\r\n\r\n";
      assertArrayEquals(ascii("x"), parse(limits, withinLimits).single().body());
      assertRejected(400, limits, chunked + "1;" + "e".repeat(70) + "\r\nx\r\n0\r\n\r\n");
      assertRejected(431, limits, chunked + "0\r\nX: " + "t".repeat(70) + "\r\n\r\n");
    }
  }

  @Nested
  class Malformed {
    @ParameterizedTest
    @ValueSource(strings = {
        "GET\r\n\r\n",
        "GET /\r\n\r\n",
        "GET  / HTTP/1.1\r\nHost: lab\r\n\r\n",
        "GET /  HTTP/1.1\r\nHost: lab\r\n\r\n",
        " GET / HTTP/1.1\r\nHost: lab\r\n\r\n",
        "G(T / HTTP/1.1\r\nHost: lab\r\n\r\n",
        "GET / HTTP/1.1 \r\n\r\n",
        "GET / http/1.1\r\n\r\n",
        "GET / HTTP/1\r\n\r\n",
        "GET / HTTP/1.10\r\n\r\n",
        "GET / HTTP/2\r\n\r\n",
        "GET / HTTP/a.b\r\n\r\n",
        "GET / HTTP/1.1x\r\nHost: lab\r\n\r\n",
        "GET lab:443 HTTP/1.1\r\nHost: lab\r\n\r\n",
        "GET ftp://lab/x HTTP/1.1\r\nHost: lab\r\n\r\n",
        "GET http:/x HTTP/1.1\r\nHost: lab\r\n\r\n",
        "GET http:///x HTTP/1.1\r\nHost: lab\r\n\r\n",
        "GET http://user@lab/x HTTP/1.1\r\nHost: lab\r\n\r\n",
        "GET http://lab:8x/x HTTP/1.1\r\nHost: lab\r\n\r\n",
        "GET http://lab:80:81/x HTTP/1.1\r\nHost: lab\r\n\r\n",
        "GET api HTTP/1.1\r\nHost: lab\r\n\r\n",
        "GET * HTTP/1.1\r\nHost: lab\r\n\r\n",
        "GET /a#frag HTTP/1.1\r\nHost: lab\r\n\r\n",
        "GET /caf\u00e9 HTTP/1.1\r\nHost: lab\r\n\r\n"})
    void requestLine(String raw) {
      assertRejected(400, raw);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "GET / HTTP/1.1\r\nHost : lab\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: lab\r\n: x\r\n\r\n",
        "GET / HTTP/1.1\r\nHost lab\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: lab\r\nX Y: x\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: lab\r\nX@Y: x\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: lab\r\nX\u00e9: x\r\n\r\n"})
    void headerName(String raw) {
      assertRejected(400, raw);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "GET / HTTP/1.1\r\nHost: lab\r\nX: a\r\n b\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: lab\r\nX: a\r\n\tb\r\n\r\n",
        "GET / HTTP/1.1\r\n X: a\r\nHost: lab\r\n\r\n"})
    void lineFoldingAndWhitespaceBeforeTheFirstField(String raw) {
      assertRejected(400, raw);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "GET / HTTP/1.1\n\n",
        "GET / HTTP/1.1\r\nHost: lab\r\nX: y\n\r\n",
        "GET / HTTP/1.1\r\nHost: lab\r\nX: y\r\n\n",
        "\nGET / HTTP/1.1\r\nHost: lab\r\n\r\n",
        "GET / HTTP/1.1\rX: y\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: lab\r\nX: a\rb\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: lab\r\nX: y\r\n\r\r\n"})
    void lineEndsOtherThanCrlf(String raw) {
      assertRejected(400, raw);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "GET / HTTP/1.1\r\nHost: lab\r\nX: a\u0000b\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: lab\r\nX: a\u0001\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: lab\r\nX: \u007f\r\n\r\n",
        "GET /\u0000 HTTP/1.1\r\nHost: lab\r\n\r\n",
        "GET /a\tb HTTP/1.1\r\nHost: lab\r\n\r\n",
        "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003"})
    void controlBytes(String raw) {
      assertRejected(400, raw);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Content-Length: abc",
        "Content-Length: -1",
        "Content-Length: +5",
        "Content-Length: 1.5",
        "Content-Length: 0x10",
        "Content-Length: 5 5",
        "Content-Length:",
        "Content-Length: ,",
        "Content-Length: 99999999999999999999",
        "Content-Length: 9223372036854775808",
        "Content-Length: 5\r\nContent-Length: 6",
        "Content-Length: 5, 6",
        "Content-Length: 5\r\nTransfer-Encoding: chunked",
        "Transfer-Encoding: chunked\r\nContent-Length: 5",
        "Transfer-Encoding: chunked, chunked",
        "Transfer-Encoding: ,"})
    void framing(String field) {
      assertRejected(400, "POST / HTTP/1.1\r\nHost: lab\r\n" + field + "\r\n\r\nhello");
    }

    @Test
    void transferEncodingInHttp10() {
      assertRejected(400, "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "zz\r\n",
        "\r\n",
        " 5\r\nhello\r\n",
        "5 \r\nhello\r\n",
        "5\r\nhello!\r\n",
        "5\r\nhelloXYZ",
        "5\nhello\r\n",
        "5\r\nhello\n0\r\n\r\n",
        "0\r\nX: y\n\r\n"})
    void chunkedBody(String body) {
      assertRejected(400, "POST / HTTP/1.1\r\nHost: lab\r\nTransfer-Encoding: chunked\r\n\r\n" + body);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/?a=%zz", "/?a=%4", "/?%=1", "/?a=%FF", "/?a=%C3", "/?a=%ED%A0%80"})
    void query(String target) {
      assertRejected(400, "GET " + target + " HTTP/1.1\r\nHost: lab\r\n\r\n");
    }
  }

  @Nested
  class Host {
    @ParameterizedTest
    @ValueSource(strings = {"lab", "127.0.0.1:8080", "[::1]:8080", "[v1.fe80::a+en1]", "example.com:",
        "xn--caf-dma.example", "a%2Db", "sub_delims!$&'()*+,;=", ""})
    void acceptsAnyHostAndPortOfRfc3986(String host) {
      assertEquals(Optional.of(host), single("GET / HTTP/1.1\r\nHost: " + host + "\r\n\r\n").headers().first("host"));
    }

    @Test
    void isOptionalInHttp10Only() {
      assertEquals("/", single("GET / HTTP/1.0\r\n\r\n").path());
      assertRejected(400, "GET / HTTP/1.1\r\n\r\n");
      assertRejected(400, "POST / HTTP/1.1\r\nContent-Length: 2\r\n\r\nab");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "GET / HTTP/1.1\r\nHost: lab\r\nHost: lab\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: lab\r\nX: y\r\nhost: other\r\n\r\n",
        "GET / HTTP/1.0\r\nHost: lab\r\nHost: other\r\n\r\n"})
    void refusesMoreThanOneLineInEitherVersion(String raw) {
      assertRejected(400, raw);
    }

    @ParameterizedTest
    @ValueSource(strings = {"la b", "la\tb", "lab:80x", "lab:80:81", "user@lab", "lab/path", "lab?x", "lab#x",
        "caf\u00e9", "a%2", "a%zz", "[::1", "[]", "[::1]x", "[::1]:80x", "[::1/64]", "lab\"", "<lab>"})
    void refusesAValueThatIsNoHostAndPort(String host) {
      assertRejected(400, "GET / HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
      assertRejected(400, "GET / HTTP/1.0\r\nHost: " + host + "\r\n\r\n");
    }
  }

  @Nested
  class UnsupportedCodings {
    @ParameterizedTest
    @ValueSource(strings = {"gzip", "gzip, chunked", "identity", "chunked;ext=1", "deflate,chunked"})
    void answer501(String coding) {
      assertRejected(501, "POST / HTTP/1.1\r\nHost: lab\r\nTransfer-Encoding: " + coding + "\r\n\r\n");
    }
  }

  @Nested
  class SecondRound {
    private static ByteBuffer bytes(String text) {
      return ByteBuffer.wrap(ascii(text));
    }

    @Test
    void aDeclaredBodyHoldsOnlyWhatHasArrivedNotWhatItDeclares() throws HttpParseException {
      HttpRequestParser parser = new HttpRequestParser();
      assertNull(parser.parse(bytes("POST / HTTP/1.1\r\nHost: lab\r\nContent-Length: 1048576\r\n\r\nx")));
      assertEquals(MessageProgress.BODY, parser.progress());
      assertTrue(parser.retainedBytes() < 4 * 1024, "a 1-byte start of a 1 MiB body holds " + parser.retainedBytes());
    }

    @Test
    void theBodyGrowsWithWhatArrivesAndIsHandedOverWhole() throws HttpParseException {
      int length = 1 << 20;
      HttpRequestParser parser = new HttpRequestParser();
      assertNull(parser.parse(bytes("POST / HTTP/1.1\r\nHost: lab\r\nContent-Length: " + length + "\r\n\r\n")));
      byte[] piece = new byte[1000];
      HttpRequest request = null;
      int arrived = 0;
      while (request == null) {
        int size = Math.min(piece.length, length - arrived);
        java.util.Arrays.fill(piece, (byte) ('a' + arrived % 26));
        request = parser.parse(ByteBuffer.wrap(piece, 0, size));
        arrived += size;
        if (request == null) {
          int held = parser.retainedBytes();
          int heldForBody = held - 1024; // the line buffer
          assertTrue(heldForBody <= Math.max(2 * arrived, 4096), held + " bytes held after " + arrived);
        }
      }
      assertEquals(length, request.body().length);
      assertEquals('a', request.body()[0]);
      assertEquals((byte) ('a' + (length - 1) / 1000 * 1000 % 26), request.body()[length - 1]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/2.0", "HTTP/3.0", "HTTP/0.9", "HTTP/4.0", "HTTP/9.9"})
    void aWellFormedVersionOfAnotherMajorIs505(String version) {
      assertRejected(505, "GET / " + version + "\r\nHost: lab\r\n\r\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/1.2", "HTTP/1.9"})
    void aHigherMinorOfHttp1IsReadAsHttp11(String version) {
      HttpRequest request = single("GET / " + version + "\r\nHost: lab\r\n\r\n");
      assertEquals(HttpVersion.HTTP_1_1, request.version());
      assertTrue(request.keepAlive());
      assertRejected(400, "GET / " + version + "\r\n\r\n"); // an HTTP/1.1 request: Host is required
    }

    @ParameterizedTest
    @ValueSource(strings = {"lab:443", "lab", "/x", "http://lab/x", "*"})
    void connectInAnyFormIs501(String target) {
      assertRejected(501, "CONNECT " + target + " HTTP/1.1\r\nHost: lab\r\n\r\n");
    }

    @Test
    void theAbsoluteFormsHostWinsOverTheHostField() {
      assertEquals("/x", single("GET http://other.example:8080/x HTTP/1.1\r\nHost: lab\r\n\r\n").path());
      assertEquals("/x", single("GET https://[::1]/x HTTP/1.1\r\nHost: lab\r\n\r\n").path());
    }

    @Test
    void expect100ContinueIsOwedOnceWhenTheBodyHasNotBegun() throws HttpParseException {
      HttpRequestParser parser = new HttpRequestParser();
      assertNull(parser.parse(bytes("POST / HTTP/1.1\r\nHost: lab\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n")));
      assertTrue(parser.takeContinue());
      assertFalse(parser.takeContinue(), "once");
      assertArrayEquals(ascii("ab"), parser.parse(bytes("ab")).body());
      assertFalse(parser.takeContinue());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "POST / HTTP/1.1\r\nHost: lab\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\na",
        "POST / HTTP/1.1\r\nHost: lab\r\nContent-Length: 0\r\nExpect: 100-continue\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: lab\r\nExpect: 100-continue\r\n\r\n",
        "POST / HTTP/1.0\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n",
        "POST / HTTP/1.0\r\nContent-Length: 2\r\nExpect: something-else\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: lab\r\nContent-Length: 2\r\nExpect:\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: lab\r\nContent-Length: 2\r\n\r\n"})
    void noContinueIsOwedWithoutABodyToWaitFor(String head) throws HttpParseException {
      HttpRequestParser parser = new HttpRequestParser();
      parser.parse(bytes(head));
      assertFalse(parser.takeContinue(), "HTTP/1.0 ignores the expectation; a body begun or absent needs no 100");
    }

    @ParameterizedTest
    @ValueSource(strings = {"something-else", "100-continue, x", "100-continue;q=1"})
    void anyOtherExpectationIs417(String expectation) {
      assertRejected(417, "POST / HTTP/1.1\r\nHost: lab\r\nContent-Length: 2\r\nExpect: " + expectation
          + "\r\n\r\nab");
    }

    @Test
    void aBodyOverTheLimitIs413EvenWhenItExpects100Continue() {
      assertRejected(413, "POST / HTTP/1.1\r\nHost: lab\r\nContent-Length: 1048577\r\nExpect: 100-continue\r\n\r\n");
    }
  }
}
