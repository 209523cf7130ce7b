package dev.ioloop.http.client;

import dev.ioloop.http.codec.ReceivedResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class BlockingHttpClientTest {
  private static final Duration TIMEOUT = Duration.ofMillis(500);

  private final BlockingHttpClient client = new BlockingHttpClient(Duration.ofSeconds(5), TIMEOUT);

  private static void write(Socket connection, String text) throws IOException {
    OutputStream out = connection.getOutputStream();
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** Blocks until the client closes its end. */
  private static void untilClientCloses(Socket connection) throws IOException {
    while (connection.getInputStream().read() >= 0) {
      // the client sends nothing after its request
    }
  }

  @Test
  void getsAResponseSendingAMinimalRequest() throws Exception {
    try (TinyServer server = new TinyServer(connection ->
        write(connection, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nb:1.5"))) {
      ReceivedResponse response = client.get(server.url("/api/block2?time=1.5"));
      assertEquals(200, response.status());
      assertEquals("b:1.5", response.bodyText());
      assertEquals("GET /api/block2?time=1.5 HTTP/1.1\r\nHost: 127.0.0.1:" + server.port()
          + "\r\nConnection: close\r\n\r\n", server.requestHeads().poll(5, TimeUnit.SECONDS));
    }
  }

  @Test
  void returnsErrorStatusesAsResponses() throws Exception {
    try (TinyServer server = new TinyServer(connection ->
        write(connection, "HTTP/1.1 404 Not Found\r\nContent-Length: 10\r\n\r\nnot found\n"))) {
      assertEquals(404, client.get(server.url("/nowhere")).status());
    }
  }

  @Test
  void decodesAChunkedResponseWrittenInPieces() throws Exception {
    try (TinyServer server = new TinyServer(connection -> {
      write(connection, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
      write(connection, "4\r\nb:1,\r\n");
      write(connection, "B\r\ns:0.010 => \r\n7\r\ne:1.000\r\n0\r\n\r\n");
    })) {
      assertEquals("b:1,s:0.010 => e:1.000", client.get(server.url("/")).bodyText());
    }
  }

  @Test
  void readsABodyUntilTheServerCloses() throws Exception {
    try (TinyServer server = new TinyServer(connection -> write(connection, "HTTP/1.0 200 OK\r\n\r\nall of it"))) {
      assertEquals("all of it", client.get(server.url("/")).bodyText());
    }
  }

  @Test
  void refusedIs502() throws IOException {
    URI nobodyListening;
    try (ServerSocket closedAtOnce = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      nobodyListening = URI.create("http://127.0.0.1:" + closedAtOnce.getLocalPort() + "/");
    }
    DownstreamException refused =
        assertThrows(DownstreamRefusedException.class, () -> client.get(nobodyListening));
    assertEquals(502, refused.gatewayStatus());
  }

  @Test
  void resetMidResponseIs502() throws Exception {
    try (TinyServer server = new TinyServer(connection -> {
      write(connection, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial");
      connection.setSoLinger(true, 0); // close with a RST, not a FIN
    })) {
      DownstreamException reset = assertThrows(DownstreamResetException.class, () -> client.get(server.url("/")));
      assertEquals(502, reset.gatewayStatus());
    }
  }

  @Test
  void aServerThatNeverAnswersIs504AfterTheTimeout() throws Exception {
    try (TinyServer server = new TinyServer(BlockingHttpClientTest::untilClientCloses)) {
      long start = System.nanoTime();
      DownstreamException timeout = assertThrows(DownstreamTimeoutException.class, () -> client.get(server.url("/")));
      assertTrue(System.nanoTime() - start >= TIMEOUT.toNanos(), "not before the timeout");
      assertEquals(504, timeout.gatewayStatus());
    }
  }

  @Test
  void theTimeoutIsADeadlineForTheWholeCallNotForEachRead() throws Exception {
    try (TinyServer server = new TinyServer(connection -> {
      for (char c : "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx".toCharArray()) {
        write(connection, String.valueOf(c)); // each byte well within the timeout, all of them far beyond it
        sleep(TIMEOUT.dividedBy(5));
      }
    })) {
      assertThrows(DownstreamTimeoutException.class, () -> client.get(server.url("/")));
    }
  }

  @Test
  void garbageIs502() throws Exception {
    try (TinyServer server = new TinyServer(connection -> write(connection, "SSH-2.0-OpenSSH_9.6\r\n\r\n"))) {
      DownstreamException garbage = assertThrows(DownstreamMalformedException.class, () -> client.get(server.url("/")));
      assertEquals(502, garbage.gatewayStatus());
      assertEquals("malformed downstream response: malformed status line", garbage.getMessage());
    }
  }

  @Test
  void aCloseBeforeTheResponseIs502() throws Exception {
    try (TinyServer server = new TinyServer(connection -> {})) {
      assertThrows(DownstreamMalformedException.class, () -> client.get(server.url("/")));
    }
  }

  @Test
  void refusesUrlsItCannotFetch() {
    assertThrows(IllegalArgumentException.class, () -> client.get(URI.create("https://127.0.0.1/")));
    assertThrows(IllegalArgumentException.class, () -> new BlockingHttpClient(Duration.ZERO, TIMEOUT));
  }

  private static void sleep(Duration duration) throws IOException {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
