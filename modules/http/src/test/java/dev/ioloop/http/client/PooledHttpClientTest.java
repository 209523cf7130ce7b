package dev.ioloop.http.client;

import dev.ioloop.http.codec.HttpGetRequest;
import dev.ioloop.http.codec.HttpLimits;
import dev.ioloop.http.codec.ReceivedResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The pooled client over real loopback sockets, judged by what the server sees: connections accepted and closed. */
@Timeout(30)
class PooledHttpClientTest {
  private static final Duration TIMEOUT = Duration.ofMillis(500);
  private static final Duration PATIENCE = Duration.ofSeconds(10);
  private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
  /** Longer than any test: a connection the client closes is closed by the rule under test, not by the sweeper. */
  private static final Duration NO_EXPIRY = Duration.ofMinutes(10);

  private final List<Thread> sweepers = new CopyOnWriteArrayList<>();
  private final ThreadFactory sweeperThreads = task -> {
    Thread thread = Thread.ofVirtual().name("test-sweeper").unstarted(task);
    sweepers.add(thread);
    return thread;
  };
  private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();

  private PooledHttpClient client(Duration timeout, int maxIdlePerHost, Duration maxIdleTime) {
    return new PooledHttpClient(PATIENCE, timeout, HttpLimits.DEFAULT, maxIdlePerHost, maxIdleTime, sweeperThreads);
  }

  private PooledHttpClient client() {
    return client(TIMEOUT, PooledHttpClient.DEFAULT_MAX_IDLE_PER_HOST, NO_EXPIRY);
  }

  @AfterEach
  void endCallers() {
    callers.shutdownNow();
    callers.close();
  }

  private static void write(Socket connection, String text) throws IOException {
    OutputStream out = connection.getOutputStream();
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** The server answers every request with {@code answer} and keeps the connection open for the next. */
  private static TinyServer answeringAlways(String answer) throws IOException {
    return TinyServer.keepAlive((connection, request) -> {
      write(connection, answer);
      return true;
    });
  }

  private static void awaitEquals(int expected, IntSupplier actual, String what) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (actual.getAsInt() != expected) {
      if (System.nanoTime() > deadline) {
        fail(what + ": " + actual.getAsInt() + " after " + PATIENCE + ", not " + expected);
      }
      Thread.sleep(10);
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The bound on open connections
  // ---------------------------------------------------------------------------------------------------------------

  /** A server that answers each request 300 ms later, keeping the connection open. */
  private static TinyServer answeringSlowly() throws IOException {
    return TinyServer.keepAlive((connection, request) -> {
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        return false;
      }
      write(connection, OK);
      return true;
    });
  }

  @Test
  void callsBeyondTheOpenConnectionsWaitForOneAndShareThem() throws Exception {
    try (TinyServer server = answeringSlowly();
         PooledHttpClient client = new PooledHttpClient(PATIENCE, PATIENCE, HttpLimits.DEFAULT, 2, 10,
             PooledHttpClient.DEFAULT_MAX_IDLE_PER_HOST, NO_EXPIRY, sweeperThreads)) {
      List<Future<String>> calls = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        calls.add(callers.submit(() -> client.get(server.url("/")).bodyText()));
      }
      for (Future<String> call : calls) {
        assertEquals("ok", call.get());
      }
      assertEquals(2, server.connectionsAccepted(), "six calls at once over at most two connections");
    }
  }

  @Test
  void aCallFindingTheLineFullIsRefused503AndOneWaitingPastItsDeadline504() throws Exception {
    try (TinyServer server = answeringSlowly();
         PooledHttpClient client = new PooledHttpClient(PATIENCE, Duration.ofMillis(450), HttpLimits.DEFAULT, 1, 1,
             PooledHttpClient.DEFAULT_MAX_IDLE_PER_HOST, NO_EXPIRY, sweeperThreads)) {
      Future<String> first = callers.submit(() -> client.get(server.url("/")).bodyText());
      awaitEquals(1, server::connectionsAccepted, "the first call's connection");
      Future<String> waiting = callers.submit(() -> client.get(server.url("/")).bodyText());
      Thread.sleep(50); // in line
      DownstreamBusyException busy = assertThrows(DownstreamBusyException.class, () -> client.get(server.url("/")));
      assertEquals(503, busy.gatewayStatus());
      assertEquals("ok", first.get());
      // The second got the connection at about 300 ms, and needs 300 more: past its 450 ms deadline.
      ExecutionException late = assertThrows(ExecutionException.class, waiting::get);
      assertEquals(504, ((DownstreamException) late.getCause()).gatewayStatus());
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Reuse
  // ---------------------------------------------------------------------------------------------------------------

  @Test
  void sequentialCallsShareOneConnectionAndAskForNoClose() throws Exception {
    try (TinyServer server = answeringAlways(OK); PooledHttpClient client = client()) {
      for (int i = 0; i < 5; i++) {
        assertEquals("ok", client.get(server.url("/api/block2?time=" + i)).bodyText());
      }
      assertEquals(1, server.connectionsAccepted());
      assertEquals("GET /api/block2?time=4 HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\n\r\n",
          List.copyOf(server.requestHeads()).getLast());
    }
  }

  @Test
  void aChunkedResponseReadToItsLastChunkLeavesTheConnectionReusable() throws Exception {
    try (TinyServer server = answeringAlways("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "2\r\nok\r\n0\r\n\r\n"); PooledHttpClient client = client()) {
      for (int i = 0; i < 3; i++) {
        assertEquals("ok", client.get(server.url("/")).bodyText());
      }
      assertEquals(1, server.connectionsAccepted());
    }
  }

  /** Answers after which the connection cannot carry another request, though the server keeps it open. */
  @ParameterizedTest
  @ValueSource(strings = {
      "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok",
      "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok",
      "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\n", // bytes past the response
  })
  void aConnectionTheAnswerDoesNotLeaveReusableIsClosed(String answer) throws Exception {
    try (TinyServer server = answeringAlways(answer); PooledHttpClient client = client()) {
      for (int i = 0; i < 3; i++) {
        assertEquals("ok", client.get(server.url("/")).bodyText());
      }
      assertEquals(3, server.connectionsAccepted());
      awaitEquals(0, server::connectionsOpen, "connections the client left open");
    }
  }

  @Test
  void aBodyThatRunsUntilTheCloseIsReadAndItsConnectionNotReused() throws Exception {
    try (TinyServer server = TinyServer.keepAlive((connection, request) -> {
      write(connection, "HTTP/1.1 200 OK\r\n\r\nok");
      return false;
    }); PooledHttpClient client = client()) {
      assertEquals("ok", client.get(server.url("/")).bodyText());
      assertEquals("ok", client.get(server.url("/")).bodyText());
      assertEquals(2, server.connectionsAccepted());
    }
  }

  @Test
  void aMalformedAnswerFailsAndItsConnectionIsNotReused() throws Exception {
    try (TinyServer server = TinyServer.keepAlive((connection, request) -> {
      write(connection, request.onServer() == 0 ? "SSH-2.0-OpenSSH_9.6\r\n\r\n" : OK);
      return true;
    }); PooledHttpClient client = client()) {
      assertThrows(DownstreamMalformedException.class, () -> client.get(server.url("/")));
      assertEquals("ok", client.get(server.url("/")).bodyText());
      assertEquals(2, server.connectionsAccepted());
    }
  }

  @Test
  void aPartialAnswerPastTheDeadlineIs504AndItsConnectionIsClosed() throws Exception {
    try (TinyServer server = TinyServer.keepAlive((connection, request) -> {
      write(connection, request.onServer() == 0 ? "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial" : OK);
      return true;
    }); PooledHttpClient client = client()) {
      DownstreamException late = assertThrows(DownstreamTimeoutException.class, () -> client.get(server.url("/")));
      assertEquals(504, late.gatewayStatus());
      awaitEquals(0, server::connectionsOpen, "connections after the timeout");
      assertEquals("ok", client.get(server.url("/")).bodyText());
      assertEquals(2, server.connectionsAccepted());
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // A pooled connection the server closed meanwhile
  // ---------------------------------------------------------------------------------------------------------------

  /** The server answers with keep-alive, then closes (FIN) or resets (RST) the connection while the pool holds it. */
  @ParameterizedTest(name = "reset: {0}")
  @ValueSource(booleans = {false, true})
  void aStaleConnectionIsRetriedOnceOnAFreshOne(boolean reset) throws Exception {
    try (TinyServer server = TinyServer.keepAlive((connection, request) -> {
      write(connection, OK);
      connection.setSoLinger(reset, 0);
      return false;
    }); PooledHttpClient client = client()) {
      assertEquals("ok", client.get(server.url("/")).bodyText());
      awaitEquals(0, server::connectionsOpen, "connections the server has not closed yet");
      assertEquals("ok", client.get(server.url("/")).bodyText(), "retried on a fresh connection");
      assertEquals(2, server.connectionsAccepted());
      assertEquals(2, server.requestHeads().size(), "the stale connection carried no request");
    }
  }

  @Test
  void aReusedConnectionThatFailsAfterTheAnswerBeganIsNotRetried() throws Exception {
    try (TinyServer server = TinyServer.keepAlive((connection, request) -> {
      write(connection, request.onConnection() == 0 ? OK : "HTTP/1.1 200 OK\r\n");
      return request.onConnection() == 0;
    }); PooledHttpClient client = client()) {
      assertEquals("ok", client.get(server.url("/")).bodyText());
      assertThrows(DownstreamMalformedException.class, () -> client.get(server.url("/")));
      assertEquals(1, server.connectionsAccepted());
    }
  }

  @Test
  void aFreshConnectionClosedBeforeAnyAnswerIsNotRetried() throws Exception {
    try (TinyServer server = TinyServer.keepAlive((connection, request) -> false); PooledHttpClient client = client()) {
      assertThrows(DownstreamMalformedException.class, () -> client.get(server.url("/")));
      assertEquals(1, server.connectionsAccepted());
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Cancellation, bounds, expiry, close
  // ---------------------------------------------------------------------------------------------------------------

  @Test
  void cancellingACallClosesItsConnection() throws Exception {
    CountDownLatch asked = new CountDownLatch(1);
    try (TinyServer server = TinyServer.keepAlive((connection, request) -> {
      if (request.onConnection() == 0) {
        write(connection, OK);
        return true;
      }
      asked.countDown(); // then never answers
      return true;
    }); PooledHttpClient client = client(PATIENCE, PooledHttpClient.DEFAULT_MAX_IDLE_PER_HOST, NO_EXPIRY)) {
      assertEquals("ok", client.get(server.url("/")).bodyText());
      Future<ReceivedResponse> call = callers.submit(() -> client.get(server.url("/")));
      assertTrue(asked.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS), "the call on the pooled connection");
      call.cancel(true);
      awaitEquals(0, server::connectionsOpen, "connections after the cancel");
      assertEquals(1, server.connectionsAccepted(), "not retried after the interrupt");
    }
  }

  /**
   * A call cancelled just after its answer came: the answer is there, but the interrupt still closes the connection.
   * To have the interrupt land there every time, the server sends the second answer before it is asked for, so the
   * interrupted call finds all of it waiting and never blocks (a blocked read would take the interrupt itself).
   */
  @Test
  void aCallInterruptedAfterItsAnswerCameDoesNotPoolItsConnection() throws Exception {
    CountDownLatch firstReturned = new CountDownLatch(1);
    CountDownLatch answeredAhead = new CountDownLatch(1);
    try (TinyServer server = TinyServer.keepAlive((connection, request) -> {
      if (request.onConnection() == 0) {
        write(connection, OK);
        awaitQuietly(firstReturned);
        write(connection, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nahead");
        answeredAhead.countDown();
      }
      return true;
    }); PooledHttpClient client = client()) {
      assertEquals("ok", client.get(server.url("/")).bodyText());
      firstReturned.countDown();
      assertTrue(answeredAhead.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
      Future<String> interrupted = callers.submit(() -> {
        Thread.currentThread().interrupt();
        return client.get(server.url("/")).bodyText();
      });
      assertEquals("ahead", interrupted.get());
      awaitEquals(0, server::connectionsOpen, "connections after the interrupted call");
      assertEquals(1, server.connectionsAccepted());
    }
  }

  @Test
  void atMostMaxIdlePerHostConnectionsAreKept() throws Exception {
    int calls = 5;
    int maxIdle = 2;
    CountDownLatch allAsked = new CountDownLatch(calls);
    try (TinyServer server = TinyServer.keepAlive((connection, request) -> {
      allAsked.countDown(); // the first answers wait until every call holds a connection of its own
      awaitQuietly(allAsked);
      write(connection, OK);
      return true;
    }); PooledHttpClient client = client(PATIENCE, maxIdle, NO_EXPIRY)) {
      List<Future<ReceivedResponse>> concurrent = new ArrayList<>();
      for (int i = 0; i < calls; i++) {
        concurrent.add(callers.submit(() -> client.get(server.url("/"))));
      }
      for (Future<ReceivedResponse> call : concurrent) {
        assertEquals("ok", call.get().bodyText());
      }
      assertEquals(calls, server.connectionsAccepted());
      awaitEquals(maxIdle, server::connectionsOpen, "connections the pool kept");
      for (int i = 0; i < calls; i++) {
        client.get(server.url("/"));
      }
      assertEquals(calls, server.connectionsAccepted(), "the kept ones are reused");
    }
  }

  @Test
  void aConnectionIdleLongerThanMaxIdleTimeIsClosedByTheSweeper() throws Exception {
    try (TinyServer server = answeringAlways(OK);
         PooledHttpClient client = client(TIMEOUT, PooledHttpClient.DEFAULT_MAX_IDLE_PER_HOST,
             Duration.ofMillis(200))) {
      assertEquals("ok", client.get(server.url("/")).bodyText());
      awaitEquals(0, server::connectionsOpen, "connections after they aged out");
      assertEquals("ok", client.get(server.url("/")).bodyText());
      assertEquals(2, server.connectionsAccepted());
    }
  }

  @Test
  void closeClosesTheIdleConnectionsEndsTheSweeperAndRefusesLaterCalls() throws Exception {
    try (TinyServer server = answeringAlways(OK)) {
      PooledHttpClient client = client();
      assertEquals("ok", client.get(server.url("/")).bodyText());
      assertEquals(1, sweepers.size(), "one sweeper, started with the first call");
      assertEquals(1, server.connectionsOpen());
      client.close();
      awaitEquals(0, server::connectionsOpen, "connections after close()");
      assertTrue(sweepers.getFirst().join(PATIENCE), "the sweeper ended");
      assertThrows(DownstreamRefusedException.class, () -> client.get(server.url("/")));
    }
  }

  @Test
  void failsAsTheBlockingClientDoes() throws Exception {
    try (PooledHttpClient client = client()) {
      URI nobodyListening;
      try (ServerSocket closedAtOnce = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        nobodyListening = URI.create("http://127.0.0.1:" + closedAtOnce.getLocalPort() + "/");
      }
      assertEquals(502, assertThrows(DownstreamRefusedException.class, () -> client.get(nobodyListening))
          .gatewayStatus());
      try (TinyServer hanging = TinyServer.keepAlive((connection, request) -> true)) {
        assertEquals(504, assertThrows(DownstreamTimeoutException.class,
            () -> client.get(hanging.url("/"))).gatewayStatus());
      }
      try (TinyServer resetting = TinyServer.keepAlive((connection, request) -> {
        write(connection, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial");
        connection.setSoLinger(true, 0);
        return false;
      })) {
        assertThrows(DownstreamResetException.class, () -> client.get(resetting.url("/")));
      }
      assertEquals(1, sweepers.size(), "one sweeper for every call, started with the first");
    }
  }

  @Test
  void aReadThatWaitsPastTheDeadlineIsEndedByTheSweeperWithin504() throws Exception {
    try (TinyServer silent = TinyServer.keepAlive((connection, request) -> true);
         PooledHttpClient client = client()) {
      long start = System.nanoTime();
      DownstreamException late = assertThrows(DownstreamTimeoutException.class, () -> client.get(silent.url("/")));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertEquals(504, late.gatewayStatus());
      assertTrue(took.compareTo(TIMEOUT) >= 0, "ended before its deadline: " + took);
      // The reads are untimed: only the sweeper ends one, a tick or so after the deadline (bound loose for CI).
      assertTrue(took.compareTo(TIMEOUT.plus(PooledHttpClient.SWEEP_TICK.multipliedBy(20))) < 0,
          "ended long after its deadline: " + took);
      awaitEquals(0, silent::connectionsOpen, "connections after the timeout");
    }
  }

  @Test
  void aSweepAfterACallEndedLeavesItsConnectionForTheNext() throws Exception {
    try (TinyServer server = answeringAlways(OK)) {
      HttpGetRequest request = HttpGetRequest.of(server.url("/"));
      CallTimeouts timeouts = new CallTimeouts(PATIENCE, TIMEOUT);
      try (DownstreamConnection connection = DownstreamConnection.open(request, timeouts.start(request),
          DownstreamConnection.ReadDeadline.SWEPT)) {
        connection.exchange(request.encodeKeepAlive(), timeouts.start(request), HttpLimits.DEFAULT);
        connection.expireIfLate(System.nanoTime() + PATIENCE.toNanos()); // every deadline passed, none watched
        assertEquals("ok", connection.exchange(request.encodeKeepAlive(), timeouts.start(request), HttpLimits.DEFAULT)
            .bodyText());
        assertTrue(connection.reusable());
      }
      assertEquals(1, server.connectionsAccepted());
    }
  }

  private static void awaitQuietly(CountDownLatch latch) throws IOException {
    try {
      if (!latch.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IOException("not every call came");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
