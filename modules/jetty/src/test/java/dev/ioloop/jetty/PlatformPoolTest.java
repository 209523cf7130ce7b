package dev.ioloop.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ioloop.api.server.Engine;
import dev.ioloop.api.server.LabServer;
import dev.ioloop.api.server.ServerConfig;
import dev.ioloop.api.server.ServerStats;
import dev.ioloop.http.conformance.Block2Backend;
import dev.ioloop.http.conformance.Block2Backend.Behavior;
import dev.ioloop.http.conformance.RawHttp;
import dev.ioloop.jetty.ThreadModel.PlatformThreads;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What only the platform engine has: a pool of few threads, what waits in its queue, the 503 past it, and the work
 * that must never need a second request thread (a body arriving in pieces, the downstream calls).
 */
@Timeout(30)
class PlatformPoolTest {
  private static final Duration PATIENCE = Duration.ofSeconds(10);

  private static LabServer start(int threads, int queue) throws Exception {
    return JettyServer.startPlatform(ServerConfig.defaults(), threads, queue);
  }

  private static String get(String target) {
    return "GET " + target + " HTTP/1.1\r\nHost: lab\r\n\r\n";
  }

  private static ServerStats await(LabServer server, Predicate<ServerStats> condition) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    ServerStats stats = server.stats();
    while (!condition.test(stats)) {
      assertTrue(System.nanoTime() < deadline, "not reached within " + PATIENCE + ": " + stats);
      Thread.sleep(10);
      stats = server.stats();
    }
    return stats;
  }

  @Test
  void itsStatsShowThePoolAndNoVirtualThread() throws Exception {
    try (LabServer server = start(7, 3)) {
      ServerStats stats = server.stats();
      assertEquals(Engine.PLATFORM, server.engine());
      assertEquals("platform", stats.model());
      // the connector's selectors and acceptors have threads of their own, beside the 7
      assertEquals(new ServerStats.Pool(0, 7, 0), stats.pool(), stats.toString());
      assertEquals(0, stats.threads().virtualStarted(), stats.toString());
    }
  }

  @Test
  void theVirtualThreadEngineHasNoPool() throws Exception {
    try (LabServer server = JettyServer.start(ServerConfig.defaults())) {
      assertEquals(ServerStats.Pool.NONE, server.stats().pool());
    }
  }

  @Test
  void aRequestFindingEveryThreadBusyWaitsAndOnePastTheQueueIs503() throws Exception {
    try (LabServer server = start(1, 1);
         RawHttp sleeping = RawHttp.connect(server.address(), PATIENCE);
         RawHttp waiting = RawHttp.connect(server.address(), PATIENCE);
         RawHttp refused = RawHttp.connect(server.address(), PATIENCE)) {
      await(server, stats -> stats.openConnections() == 3); // set up while the thread was free
      sleeping.send(get("/api/sleep?ms=1000"));
      await(server, stats -> stats.inFlight() == 1);
      waiting.send(get("/api/hello"));
      ServerStats full = await(server, stats -> stats.pool().queued() == 1);
      assertEquals(new ServerStats.Pool(1, 1, 1), full.pool(), full.toString());

      String refusal = refused.send(get("/api/hello")).response();
      assertEquals(503, RawHttp.status(refusal), refusal);
      assertEquals("server busy: its 1 request threads are busy and 1 tasks wait\n", RawHttp.body(refusal));
      assertTrue(refusal.contains("\r\nConnection: close\r\n"), refusal);
      assertTrue(refused.closedByServer());

      assertEquals("slept 1000", RawHttp.body(sleeping.response()));
      assertEquals("Hello, World!", RawHttp.body(waiting.response()), "the waiting request is served after all");
    }
  }

  @Test
  void aBodyArrivingInPiecesNeedsNoSecondThread() throws Exception {
    try (LabServer server = start(1, 10); RawHttp connection = RawHttp.connect(server.address(), PATIENCE)) {
      connection.send("POST /api/echo HTTP/1.1\r\nHost: lab\r\nContent-Length: 10\r\n\r\n12345");
      await(server, stats -> stats.inFlight() == 1); // the only thread waits for the rest of the body
      Thread.sleep(100);
      connection.send("67890");
      assertEquals("1234567890", RawHttp.body(connection.response()));
    }
  }

  @Test
  void downstreamCallsNeverWaitForARequestThread() throws Exception {
    try (Block2Backend backend = Block2Backend.start(Behavior.ANSWER);
         LabServer server = JettyServer.startPlatform(ServerConfig.defaults().withDownstream(backend.url()), 1, 10);
         RawHttp connection = RawHttp.connect(server.address(), PATIENCE)) {
      for (String target : new String[] {"/api/block?sleep_ms=10", "/api/noblock?sleep_ms=10",
          "/api/fanout?n=20&sleep_ms=10"}) {
        String response = connection.send(get(target)).response();
        assertEquals(200, RawHttp.status(response), target + ": " + response);
      }
    }
  }

  @Test
  void aThreadCountOrQueueOutOfRangeIsRefused() {
    assertEquals("threads must be at least 1, not 0",
        assertThrows(IllegalArgumentException.class, () -> new PlatformThreads(0, 10)).getMessage());
    assertEquals("queue must be at least 0, not -1",
        assertThrows(IllegalArgumentException.class, () -> new PlatformThreads(1, -1)).getMessage());
  }
}
