package dev.ioloop.http.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ioloop.api.endpoint.Answers;
import dev.ioloop.api.server.LabServer;
import dev.ioloop.api.server.ServerConfig;
import dev.ioloop.http.conformance.Block2Backend.Behavior;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The endpoint contract (docs/contract.md), checked over real loopback sockets against any {@link LabServer}: every row of the
 * endpoint table, every error answer and limit, pipelining, HTTP/1.0, the timeouts, the connection limit, downstream
 * faults and a graceful shutdown. Answers are read by an independent client (jetty-client) or by hand from a plain
 * socket ({@link RawHttp}), never by the codec under test; deterministic answers are compared byte for byte.
 *
 * <p>An engine runs it by extending this class with {@link #start}. The downstream is a {@link Block2Backend}; tests
 * that need short timeouts, a fault or a connection limit start a server of their own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
public abstract class EndpointConformanceTest {
  /** How long a read waits for what should come at once; generous for a noisy 2-core machine. */
  protected static final Duration PATIENCE = Duration.ofSeconds(10);
  /** The timeouts a test waits out: short, so that each such test takes about a second. */
  private static final Duration SHORT = Duration.ofMillis(500);

  private static final String TEXT_PLAIN = "text/plain; charset=utf-8";
  private static final Pattern BLOCK2_BODY = Pattern.compile("b:(.*),s:(\\d+\\.\\d{3}) => e:(\\d+\\.\\d{6})");
  private static final Pattern EPOCH_SECONDS = Pattern.compile("\\d+\\.\\d{6}");

  private Block2Backend backend;
  private LabServer server;
  /** System.nanoTime() just before and just after the server started: its uptime lies between. */
  private long startingAt;
  private long startedAt;
  private HttpClient jetty;

  /** Starts the server under test with {@code config}; it is shut down by the suite. */
  protected abstract LabServer start(ServerConfig config) throws Exception;

  @BeforeAll
  void startServers() throws Exception {
    backend = Block2Backend.start(Behavior.ANSWER);
    startingAt = System.nanoTime();
    server = start(baseConfig(backend.url()));
    startedAt = System.nanoTime();
    jetty = new HttpClient();
    jetty.start();
  }

  @AfterAll
  void stopServers() throws Exception {
    try {
      jetty.stop();
    } finally {
      try {
        server.close();
      } finally {
        backend.close();
      }
    }
  }

  private static ServerConfig baseConfig(URI downstream) {
    return ServerConfig.defaults().withDownstream(downstream);
  }

  private URI url(LabServer target, String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + target.address().getPort() + pathAndQuery);
  }

  private ContentResponse get(String pathAndQuery) throws Exception {
    return get(server, pathAndQuery);
  }

  private ContentResponse get(LabServer target, String pathAndQuery) throws Exception {
    return jetty.newRequest(url(target, pathAndQuery)).timeout(PATIENCE.toMillis(), TimeUnit.MILLISECONDS).send();
  }

  private RawHttp raw() throws IOException {
    return raw(server);
  }

  private static RawHttp raw(LabServer target) throws IOException {
    return RawHttp.connect(target.address(), PATIENCE);
  }

  private static String crlf(String... lines) {
    return String.join("\r\n", lines) + "\r\n";
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The endpoint table
  // ---------------------------------------------------------------------------------------------------------------

  @Test
  void helloAnswersHelloWorld() throws Exception {
    ContentResponse response = get("/api/hello");
    assertEquals(200, response.getStatus());
    assertEquals(TEXT_PLAIN, response.getHeaders().get(HttpHeader.CONTENT_TYPE));
    assertEquals(Answers.HELLO, response.getContentAsString());
  }

  @Test
  void helloIsTheSameByteForByte() throws Exception {
    try (RawHttp connection = raw()) {
      connection.send(crlf("GET /api/hello HTTP/1.1", "Host: lab", ""));
      assertEquals(crlf("HTTP/1.1 200 OK", "Content-Type: " + TEXT_PLAIN, "Content-Length: 13", "") + "Hello, World!",
          connection.response());
    }
  }

  @Test
  void block2WaitsTheGivenTimeAndSaysSo() throws Exception {
    long begin = System.nanoTime();
    ContentResponse response = get("/api/block2?time=abc&sleep_ms=50");
    assertTrue(System.nanoTime() - begin >= Duration.ofMillis(50).toNanos(), "answered before its wait");
    assertEquals(200, response.getStatus());
    assertEquals(TEXT_PLAIN, response.getHeaders().get(HttpHeader.CONTENT_TYPE));
    Matcher body = block2Body(response.getContentAsString());
    assertEquals("abc", body.group(1));
    assertEquals("0.050", body.group(2));
    assertRecent(body.group(3));
  }

  @Test
  void block2WithoutAWaitSleepsTenToFiveHundredMilliseconds() throws Exception {
    Matcher body = block2Body(get("/api/block2").getContentAsString());
    assertEquals("", body.group(1));
    BigDecimal seconds = new BigDecimal(body.group(2));
    assertTrue(seconds.compareTo(new BigDecimal("0.010")) >= 0 && seconds.compareTo(new BigDecimal("0.500")) <= 0,
        "a random wait of 10-500 ms, not " + seconds + " s");
  }

  @ParameterizedTest
  @CsvSource({"/api/block", "/api/noblock"})
  void blockAndNoblockRelayTheDownstreamsAnswer(String path) throws Exception {
    ContentResponse response = get(path + "?sleep_ms=20");
    assertEquals(200, response.getStatus());
    assertEquals(TEXT_PLAIN, response.getHeaders().get(HttpHeader.CONTENT_TYPE));
    Matcher body = block2Body(response.getContentAsString());
    assertRecent(body.group(1)); // the time of the call, as the server passed it downstream
    assertEquals("0.020", body.group(2));
  }

  @Test
  void noblockCallsInARowAreAllAnswered() throws Exception {
    // A client that pools its downstream connections must never hand out one the downstream closed meanwhile.
    for (int i = 0; i < 20; i++) {
      assertEquals(200, get("/api/noblock?sleep_ms=0").getStatus());
    }
  }

  @Test
  void sleepAnswersAfterItsWait() throws Exception {
    long begin = System.nanoTime();
    ContentResponse response = get("/api/sleep?ms=100");
    assertTrue(System.nanoTime() - begin >= Duration.ofMillis(100).toNanos(), "answered before its wait");
    assertEquals(200, response.getStatus());
    assertEquals(TEXT_PLAIN, response.getHeaders().get(HttpHeader.CONTENT_TYPE));
    assertEquals("slept 100", response.getContentAsString());
  }

  @Test
  void sleepsOverlap() throws Exception {
    // 20 sleeps of 300 ms at once: none may wait for another's sleep (6 s in a row); allow plenty for the machine.
    List<CompletableFuture<ContentResponse>> sleeps = Stream.generate(() ->
            new CompletableResponseListener(jetty.newRequest(url(server, "/api/sleep?ms=300"))
                .timeout(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).send())
        .limit(20)
        .toList();
    for (CompletableFuture<ContentResponse> sleep : sleeps) {
      assertEquals("slept 300", sleep.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS).getContentAsString());
    }
  }

  @Test
  void fanoutJoinsTheBodiesInCallOrder() throws Exception {
    ContentResponse response = get("/api/fanout?n=5");
    assertEquals(200, response.getStatus());
    assertEquals(TEXT_PLAIN, response.getHeaders().get(HttpHeader.CONTENT_TYPE));
    List<String> lines = response.getContentAsString().lines().toList();
    assertEquals(5, lines.size(), response.getContentAsString());
    // The calls had random waits and so finished in any order; in call order, the times they were made never fall.
    BigDecimal previous = BigDecimal.ZERO;
    for (String line : lines) {
      BigDecimal calledAt = new BigDecimal(block2Body(line).group(1));
      assertTrue(calledAt.compareTo(previous) >= 0, "not in call order: " + lines);
      previous = calledAt;
    }
  }

  @Test
  void fanoutPassesTheWaitOn() throws Exception {
    List<String> lines = get("/api/fanout?n=3&sleep_ms=10").getContentAsString().lines().toList();
    assertEquals(3, lines.size());
    lines.forEach(line -> assertEquals("0.010", block2Body(line).group(2)));
  }

  @Test
  void cpuAnswersTheDigest() throws Exception {
    ContentResponse response = get("/api/cpu?n=1000");
    assertEquals(200, response.getStatus());
    assertEquals(TEXT_PLAIN, response.getHeaders().get(HttpHeader.CONTENT_TYPE));
    assertEquals(Answers.cpu(1000), response.getContentAsString());
  }

  @ParameterizedTest
  @CsvSource({"0", "5", "1048576"})
  void echoAnswersTheBody(int size) throws Exception {
    byte[] body = new byte[size];
    Arrays.fill(body, (byte) 'e');
    ContentResponse response = jetty.newRequest(url(server, "/api/echo")).method(HttpMethod.POST)
        .body(new BytesRequestContent(body)).timeout(PATIENCE.toMillis(), TimeUnit.MILLISECONDS).send();
    assertEquals(200, response.getStatus());
    assertEquals("application/octet-stream", response.getHeaders().get(HttpHeader.CONTENT_TYPE));
    assertTrue(Arrays.equals(body, response.getContent()), "echoed body differs");
  }

  @Test
  void statsDescribeTheServer() throws Exception {
    get("/api/hello");
    System.gc(); // a collection in the server's JVM (this one), so that the heap it left is known
    long asked = System.nanoTime();
    ContentResponse response = get("/api/stats");
    long answered = System.nanoTime();
    assertEquals(200, response.getStatus());
    assertEquals("application/json", response.getHeaders().get(HttpHeader.CONTENT_TYPE));
    JsonNode stats = new ObjectMapper().readTree(response.getContentAsString());
    assertEquals(server.engine().id(), stats.get("engine").asText());
    assertEquals(server.engine().model().id(), stats.get("model").asText(), stats.toString());
    assertTrue(stats.get("requests").asLong() >= 1, stats.toString());
    assertTrue(stats.get("inFlight").asLong() >= 1, "the stats request itself is in flight: " + stats);
    assertTrue(stats.get("openConnections").asLong() >= 1, stats.toString());
    long uptime = stats.get("uptimeMillis").asLong();
    assertTrue(uptime >= (asked - startedAt) / 1_000_000 && uptime <= (answered - startingAt) / 1_000_000 + 1,
        "uptime " + uptime + " ms, not between the server's start and the stats request: " + stats);
    long maxHeap = Runtime.getRuntime().maxMemory();
    assertTrue(stats.get("heapUsedBytes").asLong() > 0 && stats.get("heapUsedBytes").asLong() <= maxHeap,
        stats.toString());
    long afterGc = stats.get("heapAfterGcBytes").asLong();
    assertTrue(afterGc > 0 && afterGc <= maxHeap, "the heap left by the collection just made: " + stats);
    assertTrue(stats.get("threads").get("platform").asInt() > 0, stats.toString());
    for (String field : List.of("loops", "lagMillis", "slowCallbacks")) {
      assertTrue(stats.get("loop").get(field).isNumber(), stats.toString());
    }
    JsonNode pool = stats.get("pool");
    for (String field : List.of("busyThreads", "maxThreads", "queued")) {
      assertTrue(pool.get(field).isInt() && pool.get(field).asInt() >= 0, stats.toString());
    }
    if (pool.get("maxThreads").asInt() == 0) { // no pool of threads that requests wait for: all zeros
      assertEquals(0, pool.get("busyThreads").asInt() + pool.get("queued").asInt(), stats.toString());
    } else { // the stats request itself holds one of its threads
      assertTrue(pool.get("busyThreads").asInt() >= 1, stats.toString());
      assertTrue(pool.get("busyThreads").asInt() <= pool.get("maxThreads").asInt(), stats.toString());
    }
    for (String field : List.of("count", "p50Micros", "p99Micros", "maxMicros")) {
      assertTrue(stats.get("latency").get(field).isNumber() && stats.get("latency").get(field).asLong() >= 0,
          stats.toString());
    }
    assertTrue(stats.get("cpuNanos").asLong() > 0, "the process has run: " + stats);
  }

  @Test
  void statsGiveTheLatencyOfTheLastFullSecondAndTheProcessCpu() throws Exception {
    long cpuBefore = new ObjectMapper().readTree(get("/api/stats").getContentAsString()).get("cpuNanos").asLong();
    assertEquals(200, get("/api/sleep?ms=60").getStatus());
    // The server rotates its interval every 500 ms: the request shows within one rotation and stays for two.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    JsonNode stats;
    do {
      Thread.sleep(100);
      stats = new ObjectMapper().readTree(get("/api/stats").getContentAsString());
    } while (stats.get("latency").get("maxMicros").asLong() < 60_000 && System.nanoTime() < deadline);
    JsonNode latency = stats.get("latency");
    assertTrue(latency.get("count").asLong() >= 1, stats.toString());
    assertTrue(latency.get("maxMicros").asLong() >= 60_000, "the 60 ms sleep is the slowest: " + stats);
    assertTrue(latency.get("p50Micros").asLong() <= latency.get("p99Micros").asLong(), stats.toString());
    assertTrue(latency.get("p99Micros").asLong() <= latency.get("maxMicros").asLong(), stats.toString());
    assertTrue(stats.get("cpuNanos").asLong() > cpuBefore, "the process's CPU time grows: " + stats);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Error answers, byte for byte where they are deterministic
  // ---------------------------------------------------------------------------------------------------------------

  @Test
  void unknownPathIs404AndTheConnectionStaysOpen() throws Exception {
    try (RawHttp connection = raw()) {
      connection.send(crlf("GET /nope?x=1 HTTP/1.1", "Host: lab", ""));
      assertEquals(crlf("HTTP/1.1 404 Not Found", "Content-Type: " + TEXT_PLAIN, "Content-Length: 20", "")
          + "no such path: /nope\n", connection.response());
      connection.send(crlf("GET /api/hello HTTP/1.1", "Host: lab", ""));
      assertEquals(200, RawHttp.status(connection.response()));
    }
  }

  @ParameterizedTest
  @CsvSource({"POST, /api/hello, GET", "DELETE, /api/stats, GET", "GET, /api/echo, POST"})
  void wrongMethodIs405WithAllow(String method, String path, String allowed) throws Exception {
    try (RawHttp connection = raw()) {
      connection.send(crlf(method + " " + path + " HTTP/1.1", "Host: lab", "Content-Length: 0", ""));
      String reason = "method not allowed, allowed: " + allowed + "\n";
      assertEquals(crlf("HTTP/1.1 405 Method Not Allowed", "Content-Type: " + TEXT_PLAIN, "Allow: " + allowed,
          "Content-Length: " + reason.length(), "") + reason, connection.response());
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "/api/sleep?ms=abc          | ms must be an integer from 0 to 60000, not 'abc'",
      "/api/sleep                 | missing query parameter ms (an integer from 0 to 60000)",
      "/api/sleep?ms=60001        | ms must be from 0 to 60000, not 60001",
      "/api/fanout?n=0            | n must be from 1 to 100, not 0",
      "/api/fanout?n=101          | n must be from 1 to 100, not 101",
      "/api/cpu?n=-1              | n must be an integer from 1 to 100000, not '-1'",
      "/api/cpu                   | missing query parameter n (an integer from 1 to 100000)",
      "/api/block2?sleep_ms=x     | sleep_ms must be an integer from 0 to 60000, not 'x'",
      "/api/block?sleep_ms=70000  | sleep_ms must be from 0 to 60000, not 70000",
      "/api/noblock?sleep_ms=1.5  | sleep_ms must be an integer from 0 to 60000, not '1.5'"})
  void badParameterIs400WithTheReason(String target, String reason) throws Exception {
    try (RawHttp connection = raw()) {
      connection.send(crlf("GET " + target + " HTTP/1.1", "Host: lab", ""));
      String body = reason + "\n";
      assertEquals(crlf("HTTP/1.1 400 Bad Request", "Content-Type: " + TEXT_PLAIN,
          "Content-Length: " + body.length(), "") + body, connection.response());
    }
  }

  /** Each: the raw request, the status it gets; then the connection is closed. */
  static Stream<Arguments> unreadableRequests() {
    return Stream.of(
        Arguments.of("garbage", "GARBAGE\r\n\r\n", 400),
        Arguments.of("bare LF", "GET /api/hello HTTP/1.1\nHost: lab\n\n", 400),
        Arguments.of("malformed version", crlf("GET /api/hello HTTP/1.10", "Host: lab", ""), 400),
        Arguments.of("unsupported version", crlf("GET /api/hello HTTP/2.0", "Host: lab", ""), 505),
        Arguments.of("space before colon", crlf("GET /api/hello HTTP/1.1", "Host : lab", ""), 400),
        Arguments.of("obsolete folding", crlf("GET /api/hello HTTP/1.1", "Host: lab", " folded", ""), 400),
        Arguments.of("Content-Length with Transfer-Encoding",
            crlf("POST /api/echo HTTP/1.1", "Host: lab", "Content-Length: 5", "Transfer-Encoding: chunked", ""), 400),
        Arguments.of("conflicting Content-Length",
            crlf("POST /api/echo HTTP/1.1", "Host: lab", "Content-Length: 5", "Content-Length: 6", ""), 400),
        Arguments.of("unsupported transfer coding",
            crlf("POST /api/echo HTTP/1.1", "Host: lab", "Transfer-Encoding: gzip", ""), 501),
        Arguments.of("head over 8 KiB", crlf("GET /api/hello HTTP/1.1", "Host: lab", "X-Big: " + "a".repeat(9000), ""),
            431),
        Arguments.of("body over 1 MiB", crlf("POST /api/echo HTTP/1.1", "Host: lab", "Content-Length: 1048577", ""),
            413));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unreadableRequests")
  void unreadableRequestGetsItsStatusAndAClose(String what, String request, int status) throws Exception {
    assertRefused(request, status);
  }

  @Test
  void chunkedBodyIsEchoed() throws Exception {
    try (RawHttp connection = raw()) {
      connection.send(crlf("POST /api/echo HTTP/1.1", "Host: lab", "Transfer-Encoding: chunked", "", "3", "abc",
          "2", "de", "0", ""));
      assertEquals(crlf("HTTP/1.1 200 OK", "Content-Type: application/octet-stream", "Content-Length: 5", "")
          + "abcde", connection.response());
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The request line: versions and request-target forms, one answer on every engine (docs/reliability.md,
  // "Second round")
  // ---------------------------------------------------------------------------------------------------------------

  /** RFC 9112 §2.3 (RFC 9110 §2.5): a higher minor version of a major one spoken is served as the highest minor. */
  @ParameterizedTest
  @CsvSource({"HTTP/1.2", "HTTP/1.9"})
  void aHigherMinorVersionIsServedAsHttp11(String version) throws Exception {
    try (RawHttp connection = raw()) {
      for (int i = 0; i < 2; i++) { // and the connection persists, as an HTTP/1.1 one does
        connection.send(crlf("GET /api/hello " + version, "Host: lab", ""));
        assertEquals(crlf("HTTP/1.1 200 OK", "Content-Type: " + TEXT_PLAIN, "Content-Length: 13", "")
            + "Hello, World!", connection.response());
      }
    }
  }

  /**
   * The request line arriving a byte at a time: the version is judged whole, however it was split (Jetty's parser
   * is made to serve HTTP/1.2 by rewriting its minor digit as it passes: docs/loom-http.md).
   */
  @ParameterizedTest
  @CsvSource({"HTTP/1.2, 200", "HTTP/1.23, 400", "HTTP/2.0, 505"})
  void aVersionArrivingAByteAtATimeIsJudgedWhole(String version, int status) throws Exception {
    try (RawHttp connection = raw()) {
      for (byte b : ("GET /api/hello " + version + "\r\n").getBytes(StandardCharsets.ISO_8859_1)) {
        connection.send(new byte[] {b});
        Thread.sleep(5);
      }
      connection.send(crlf("Host: lab", ""));
      String response = connection.response();
      assertEquals(status, RawHttp.status(response), response);
    }
  }

  /** RFC 9110 §15.6.6: a well-formed version whose major version is not spoken (only 1 is) is 505, and a close. */
  @ParameterizedTest
  @CsvSource({"HTTP/2.0", "HTTP/3.0", "HTTP/0.9", "HTTP/4.0"})
  void aWellFormedVersionOfAnotherMajorIs505(String version) throws Exception {
    assertRefused(crlf("GET /api/hello " + version, "Host: lab", ""), 505);
  }

  /** The HTTP/2 connection preface that a client with prior knowledge sends: HTTP/2.0 is not spoken, so 505. */
  @Test
  void theHttp2PrefaceIs505() throws Exception {
    assertRefused("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 505);
  }

  /** A version that is not {@code HTTP/DIGIT.DIGIT} is a malformed request line: 400. */
  @ParameterizedTest
  @CsvSource({"HTTP/1.10", "HTTP/1", "HTTP/2", "HTTP/a.b", "http/1.1", "HTTP/1.1x"})
  void aMalformedVersionIs400(String version) throws Exception {
    assertRefused(crlf("GET /api/hello " + version, "Host: lab", ""), 400);
  }

  /**
   * Request-target forms against methods (RFC 9112 §3.2): origin form and absolute form (http or https, with a host)
   * for every method but CONNECT; the asterisk for OPTIONS only; the authority form for CONNECT only, and CONNECT in
   * any form is 501 and a close: the lab is an origin server, not a proxy that opens tunnels (RFC 9110 §9.3.6).
   * Each: the request line, its status, whether the connection stays open.
   */
  static Stream<Arguments> requestTargetForms() {
    return Stream.of(
        Arguments.of("CONNECT lab:443 HTTP/1.1", 501, false),
        Arguments.of("CONNECT lab:443 HTTP/1.0", 501, false),
        Arguments.of("CONNECT lab HTTP/1.1", 501, false),
        Arguments.of("CONNECT /api/hello HTTP/1.1", 501, false),
        Arguments.of("CONNECT http://lab/api/hello HTTP/1.1", 501, false),
        Arguments.of("CONNECT * HTTP/1.1", 501, false),
        Arguments.of("GET lab:443 HTTP/1.1", 400, false),
        Arguments.of("OPTIONS lab:443 HTTP/1.1", 400, false),
        Arguments.of("GET * HTTP/1.1", 400, false),
        Arguments.of("POST * HTTP/1.1", 400, false),
        Arguments.of("OPTIONS * HTTP/1.1", 404, true),
        Arguments.of("OPTIONS /api/hello HTTP/1.1", 405, true),
        Arguments.of("GET http://lab/api/hello HTTP/1.1", 200, true),
        Arguments.of("GET HTTPS://lab:8443/api/hello HTTP/1.1", 200, true),
        Arguments.of("GET http://other.example/api/hello HTTP/1.1", 200, true), // the target's host wins over Host
        Arguments.of("GET http://lab HTTP/1.1", 404, true), // the path is "/"
        Arguments.of("GET ftp://lab/api/hello HTTP/1.1", 400, false),
        Arguments.of("GET mailto:lab@lab HTTP/1.1", 400, false),
        Arguments.of("GET http:/api/hello HTTP/1.1", 400, false),
        Arguments.of("GET http:///api/hello HTTP/1.1", 400, false),
        Arguments.of("GET http://user@lab/api/hello HTTP/1.1", 400, false),
        Arguments.of("GET http://lab:8x/api/hello HTTP/1.1", 400, false));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("requestTargetForms")
  void everyRequestTargetFormGetsOneAnswer(String requestLine, int status, boolean staysOpen) throws Exception {
    String request = requestLine.endsWith("HTTP/1.0") ? crlf(requestLine, "") : crlf(requestLine, "Host: lab", "");
    if (!staysOpen) {
      assertRefused(request, status);
      return;
    }
    try (RawHttp connection = raw()) {
      connection.send(request);
      String response = connection.response();
      assertEquals(status, RawHttp.status(response), response);
      assertFalse(response.contains("\r\nConnection: close\r\n"), response);
      connection.send(crlf("GET /api/hello HTTP/1.1", "Host: lab", ""));
      assertEquals(200, RawHttp.status(connection.response()), "the connection serves on after " + requestLine);
    }
  }

  /** {@code request} gets {@code status}, {@code Connection: close}, a one-line reason and a close. */
  private void assertRefused(String request, int status) throws IOException {
    try (RawHttp connection = raw()) {
      connection.send(request);
      String response = connection.response();
      assertEquals(status, RawHttp.status(response), response);
      assertTrue(response.contains("\r\nConnection: close\r\n"), response);
      assertTrue(RawHttp.body(response).endsWith("\n") && RawHttp.body(response).lines().count() == 1,
          "a one-line reason: " + response);
      assertTrue(connection.closedByServer(), "still open after " + status);
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Expect: 100-continue (RFC 9110 §10.1.1)
  // ---------------------------------------------------------------------------------------------------------------

  @ParameterizedTest
  @CsvSource({"100-continue", "100-Continue"})
  void anAcceptableRequestThatExpects100ContinueGetsItBeforeItsBody(String expectation) throws Exception {
    try (RawHttp connection = raw()) {
      connection.send(crlf("POST /api/echo HTTP/1.1", "Host: lab", "Content-Length: 5", "Expect: " + expectation,
          ""));
      assertEquals("HTTP/1.1 100 Continue\r\n\r\n", connection.interimResponse());
      connection.send("hello");
      assertEquals(crlf("HTTP/1.1 200 OK", "Content-Type: application/octet-stream", "Content-Length: 5", "")
          + "hello", connection.response());
    }
  }

  @Test
  void aChunkedBodyThatExpects100ContinueGetsItToo() throws Exception {
    try (RawHttp connection = raw()) {
      connection.send(crlf("POST /api/echo HTTP/1.1", "Host: lab", "Transfer-Encoding: chunked",
          "Expect: 100-continue", ""));
      assertEquals("HTTP/1.1 100 Continue\r\n\r\n", connection.interimResponse());
      connection.send(crlf("3", "abc", "0", ""));
      assertEquals("abc", RawHttp.body(connection.response()));
    }
  }

  /** RFC 9110 §10.1.1: a server that receives a 100-continue expectation in an HTTP/1.0 request ignores it. */
  @Test
  void anHttp10RequestsExpectationIsIgnored() throws Exception {
    try (RawHttp connection = raw()) {
      connection.send(crlf("POST /api/echo HTTP/1.0", "Content-Length: 5", "Expect: 100-continue", ""));
      Thread.sleep(300); // a 100 would be on its way by now
      connection.send("hello");
      String response = connection.response(); // the first answer: the echo, with no 100 before it
      assertEquals(200, RawHttp.status(response), response);
      assertEquals("hello", RawHttp.body(response));
    }
  }

  @Test
  void aBodyOverTheLimitThatExpects100ContinueGets413AtOnce() throws Exception {
    // At once: before any of the body, and with no 100 first (the response read must be the 413 itself).
    assertRefused(crlf("POST /api/echo HTTP/1.1", "Host: lab", "Content-Length: 1048577", "Expect: 100-continue",
        ""), 413);
  }

  @Test
  void anExpectationOtherThan100ContinueIs417() throws Exception {
    assertRefused(crlf("POST /api/echo HTTP/1.1", "Host: lab", "Content-Length: 5", "Expect: something-else", ""),
        417);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Connections: pipelining, keep-alive, HTTP/1.0
  // ---------------------------------------------------------------------------------------------------------------

  @Test
  void pipelinedRequestsAreAnsweredInOrder() throws Exception {
    try (RawHttp connection = raw()) {
      // The first takes longest: answers must still come in request order.
      connection.send(crlf("GET /api/sleep?ms=200 HTTP/1.1", "Host: lab", "")
          + crlf("GET /api/hello HTTP/1.1", "Host: lab", "")
          + crlf("GET /nope HTTP/1.1", "Host: lab", "")
          + crlf("POST /api/echo HTTP/1.1", "Host: lab", "Content-Length: 4", "") + "ping"
          + crlf("GET /api/sleep?ms=0 HTTP/1.1", "Host: lab", ""));
      assertEquals("slept 200", RawHttp.body(connection.response()));
      assertEquals(Answers.HELLO, RawHttp.body(connection.response()));
      assertEquals(404, RawHttp.status(connection.response()));
      assertEquals("ping", RawHttp.body(connection.response()));
      assertEquals("slept 0", RawHttp.body(connection.response()));
    }
  }

  @Test
  void nothingAfterARequestThatClosesIsAnswered() throws Exception {
    try (RawHttp connection = raw()) {
      connection.send(crlf("GET /api/sleep?ms=50 HTTP/1.1", "Host: lab", "")
          + crlf("GET /api/hello HTTP/1.1", "Host: lab", "Connection: close", "")
          + crlf("GET /api/hello HTTP/1.1", "Host: lab", ""));
      assertFalse(connection.response().contains("Connection:"));
      assertEquals(crlf("HTTP/1.1 200 OK", "Content-Type: " + TEXT_PLAIN, "Content-Length: 13", "Connection: close", "")
          + "Hello, World!", connection.response());
      assertTrue(connection.closedByServer());
    }
  }

  @Test
  void http10ClosesAfterItsAnswer() throws Exception {
    try (RawHttp connection = raw()) {
      connection.send(crlf("GET /api/hello HTTP/1.0", ""));
      assertEquals(crlf("HTTP/1.1 200 OK", "Content-Type: " + TEXT_PLAIN, "Content-Length: 13", "Connection: close", "")
          + "Hello, World!", connection.response());
      assertTrue(connection.closedByServer());
    }
  }

  @Test
  void http10KeepsAliveWhenAsked() throws Exception {
    try (RawHttp connection = raw()) {
      for (int i = 0; i < 2; i++) {
        connection.send(crlf("GET /api/hello HTTP/1.0", "Connection: keep-alive", ""));
        assertEquals(crlf("HTTP/1.1 200 OK", "Content-Type: " + TEXT_PLAIN, "Content-Length: 13",
            "Connection: keep-alive", "") + "Hello, World!", connection.response());
      }
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Timeouts and limits, each on a server of its own
  // ---------------------------------------------------------------------------------------------------------------

  @Test
  void slowHeadersGet408AndAClose() throws Exception {
    try (LabServer quick = start(baseConfig(backend.url()).withTimeouts(PATIENCE, SHORT, PATIENCE));
         RawHttp connection = raw(quick)) {
      connection.send("GET /api/hello HTTP/1.1\r\nHost: lab\r\n");
      String response = connection.response();
      assertEquals(408, RawHttp.status(response), response);
      assertTrue(response.contains("\r\nConnection: close\r\n"), response);
      assertTrue(connection.closedByServer());
    }
  }

  /**
   * A body has its own deadline: the header timeout again, from the head's completion (docs/reliability.md, "Second
   * round"). Bytes trickling in every 100 ms, each well within the idle timeout, buy no time.
   */
  @Test
  void aSlowBodyGets408AtItsDeadline() throws Exception {
    try (LabServer quick = start(baseConfig(backend.url()).withTimeouts(PATIENCE, SHORT, PATIENCE));
         RawHttp connection = raw(quick)) {
      connection.send(crlf("POST /api/echo HTTP/1.1", "Host: lab", "Content-Length: 1000", "") + "b");
      long begin = System.nanoTime();
      long giveUp = begin + PATIENCE.toNanos();
      while (!connection.answerArrived() && System.nanoTime() < giveUp) {
        try {
          connection.send("b");
        } catch (IOException closedUnderUs) {
          break; // the answer is read below
        }
        Thread.sleep(100);
      }
      String response = connection.response();
      Duration took = Duration.ofNanos(System.nanoTime() - begin);
      assertEquals(408, RawHttp.status(response), response);
      assertTrue(response.contains("\r\nConnection: close\r\n"), response);
      assertTrue(took.compareTo(SHORT.plus(Duration.ofMillis(2500))) < 0, "408 only after " + took);
    }
  }

  /**
   * Each head has its own header deadline, also one that begins in the read that completes the one before: a
   * pipelining client's second head must not inherit the first head's deadline.
   */
  @Test
  void aHeadBegunInTheReadThatEndsThePreviousOneGetsItsOwnDeadline() throws Exception {
    Duration headerTimeout = Duration.ofSeconds(2);
    try (LabServer quick = start(baseConfig(backend.url()).withTimeouts(PATIENCE, headerTimeout, PATIENCE));
         RawHttp connection = raw(quick)) {
      connection.send("GET /api/hello HTTP/1.1\r\nHo"); // the first head's deadline: 2 s from now
      Thread.sleep(1200);
      connection.send("st: lab\r\n\r\nGET /api/hello HTTP/1.1\r\nHo"); // the second head's: 2 s from now
      Thread.sleep(1200); // past the first head's deadline, well within the second's
      connection.send("st: lab\r\n\r\n");
      assertEquals(200, RawHttp.status(connection.response()));
      String second = connection.response();
      assertEquals(200, RawHttp.status(second), second);
    }
  }

  @Test
  void idleKeepAliveConnectionIsClosed() throws Exception {
    try (LabServer quick = start(baseConfig(backend.url()).withTimeouts(PATIENCE, PATIENCE, SHORT));
         RawHttp connection = raw(quick)) {
      connection.send(crlf("GET /api/hello HTTP/1.1", "Host: lab", ""));
      assertEquals(200, RawHttp.status(connection.response()));
      assertTrue(connection.closedByServer(), "an idle connection is closed after the idle timeout");
    }
  }

  @Test
  void aRequestInFlightIsNotIdle() throws Exception {
    try (LabServer quick = start(baseConfig(backend.url()).withTimeouts(PATIENCE, PATIENCE, SHORT));
         RawHttp connection = raw(quick)) {
      connection.send(crlf("GET /api/sleep?ms=" + SHORT.multipliedBy(3).toMillis() + " HTTP/1.1", "Host: lab", ""));
      assertEquals(200, RawHttp.status(connection.response()));
    }
  }

  @Test
  void connectionsOverTheLimitGet503() throws Exception {
    try (LabServer limited = start(baseConfig(backend.url()).withMaxConnections(2))) {
      try (RawHttp first = raw(limited); RawHttp second = raw(limited)) {
        for (RawHttp connection : List.of(first, second)) {
          connection.send(crlf("GET /api/hello HTTP/1.1", "Host: lab", ""));
          assertEquals(200, RawHttp.status(connection.response()));
        }
        try (RawHttp third = raw(limited)) {
          String refusal = third.response();
          assertEquals(503, RawHttp.status(refusal), refusal);
          assertTrue(third.closedByServer());
        }
      }
      assertTrue(eventuallyServes(limited), "freed connection slots are not given out again");
    }
  }

  private boolean eventuallyServes(LabServer target) throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      try (RawHttp connection = raw(target)) {
        connection.send(crlf("GET /api/hello HTTP/1.1", "Host: lab", ""));
        if (RawHttp.status(connection.response()) == 200) {
          return true;
        }
      } catch (IOException refusedMeanwhile) {
        // the 503 closed it under our request: try again
      }
      Thread.sleep(50);
    }
    return false;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Downstream faults
  // ---------------------------------------------------------------------------------------------------------------

  static Stream<Arguments> downstreamFaults() {
    return Stream.of(
        Arguments.of(null, 502), // refused: nothing listens
        Arguments.of(Behavior.RESET, 502),
        Arguments.of(Behavior.GARBAGE, 502),
        Arguments.of(Behavior.HANG, 504),
        Arguments.of(Behavior.TRICKLE, 504),
        // A block2 answer is a few dozen bytes: one far larger, however framed, or endless interim heads, is malformed.
        Arguments.of(Behavior.HUGE, 502),
        Arguments.of(Behavior.UNFRAMED, 502),
        Arguments.of(Behavior.CHUNKED, 502),
        Arguments.of(Behavior.INTERIM_FLOOD, 502));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("downstreamFaults")
  void downstreamFaultIsAGatewayError(Behavior fault, int status) throws Exception {
    try (Block2Backend faulty = fault == null ? null : Block2Backend.start(fault);
         // A short deadline where the fault is a 504, to wait out; a fault seen at once must not meet it on a busy
         // machine (ReliabilityTest bounds how soon each answer comes).
         LabServer gateway = start(baseConfig(faulty == null ? Block2Backend.refusingUrl() : faulty.url())
             .withTimeouts(status == 504 ? SHORT : PATIENCE, PATIENCE, PATIENCE))) {
      for (String target : List.of("/api/block", "/api/noblock", "/api/fanout?n=3")) {
        ContentResponse response = get(gateway, target);
        assertEquals(status, response.getStatus(), target + ": " + response.getContentAsString());
        assertEquals(TEXT_PLAIN, response.getHeaders().get(HttpHeader.CONTENT_TYPE));
        String reason = response.getContentAsString();
        assertTrue(reason.endsWith("\n") && reason.lines().count() == 1, "a one-line reason: " + reason);
      }
      assertEquals(Answers.HELLO, get(gateway, "/api/hello").getContentAsString(), "the server lives on");
    }
  }

  /**
   * A pooled downstream connection that the downstream closed while it was idle breaks under the next request sent on
   * it (the close and the request cross on the wire). A GET is idempotent: every engine sends it again, once, on a
   * fresh connection, and the caller sees the answer.
   */
  @Test
  void aCallOnAPooledConnectionTheDownstreamClosedIsSentAgain() throws Exception {
    try (Block2Backend closing = Block2Backend.start(Behavior.CLOSE_ON_REUSE);
         LabServer gateway = start(baseConfig(closing.url()))) {
      for (String target : List.of("/api/noblock", "/api/noblock", "/api/fanout?n=3", "/api/noblock")) {
        ContentResponse response = get(gateway, target);
        assertEquals(200, response.getStatus(), target + ": " + response.getContentAsString());
      }
      assertTrue(closing.requestsReceived() > closing.connectionsAccepted(), "no call went on a reused connection ("
          + closing.requestsReceived() + " requests on " + closing.connectionsAccepted() + " connections): the "
          + "test did not meet a closed pooled connection");
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Shutdown
  // ---------------------------------------------------------------------------------------------------------------

  @Test
  void shutdownLetsTheRequestInFlightFinishThenStopsAccepting() throws Exception {
    LabServer stopping = start(baseConfig(backend.url()));
    CompletableFuture<ContentResponse> inFlight = new CompletableResponseListener(
        jetty.newRequest(url(stopping, "/api/sleep?ms=300")).timeout(PATIENCE.toMillis(), TimeUnit.MILLISECONDS))
        .send();
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (stopping.stats().inFlight() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    stopping.shutdown(PATIENCE);
    ContentResponse response = inFlight.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    assertEquals("slept 300", response.getContentAsString());
    assertThrows(IOException.class, () -> new Socket(stopping.address().getAddress(), stopping.address().getPort())
        .close(), "still accepting after shutdown");
    stopping.shutdown(PATIENCE); // idempotent
  }

  // ---------------------------------------------------------------------------------------------------------------

  private static Matcher block2Body(String body) {
    Matcher matcher = BLOCK2_BODY.matcher(body);
    assertTrue(matcher.matches(), "not a block2 answer: " + body);
    return matcher;
  }

  /** Epoch seconds with 6 decimals, within a minute of now. */
  private static void assertRecent(String epochSeconds) {
    assertTrue(EPOCH_SECONDS.matcher(epochSeconds).matches(), "not epoch seconds with 6 decimals: " + epochSeconds);
    long seconds = new BigDecimal(epochSeconds).longValue();
    assertTrue(Math.abs(Instant.now().getEpochSecond() - seconds) < 60, "not a time of now: " + epochSeconds);
  }
}
