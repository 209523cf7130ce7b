package dev.ioloop.loom.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ioloop.api.endpoint.Answers;
import dev.ioloop.api.server.ServerConfig;
import dev.ioloop.http.conformance.RawHttp;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The loom server's helper threads (the acceptor, the connection sweeper; the downstream pool's sweeper runs the same
 * {@link dev.ioloop.api.server.Ticker}) survive a failure injected into them: it is logged, and they go on.
 */
@Timeout(30)
class LoomHelperThreadsTest {
  private static final Duration PATIENCE = Duration.ofSeconds(5);

  @Test
  void theAcceptorOutlivesAnErrorAndClosesTheConnectionItConcerned() throws Exception {
    AtomicInteger made = new AtomicInteger();
    try (LoomServer server = LoomServer.start(ServerConfig.defaults(), threads -> task -> {
      if (made.incrementAndGet() == 1) {
        throw new OutOfMemoryError("injected: unable to create a thread");
      }
      return threads.newThread(task);
    })) {
      try (RawHttp first = RawHttp.connect(server.address(), PATIENCE)) {
        first.send("GET /api/hello HTTP/1.1\r\nHost: lab\r\n\r\n");
        assertTrue(closedOrReset(first), "the connection whose thread could not be made is closed");
      }
      try (RawHttp second = RawHttp.connect(server.address(), PATIENCE)) {
        String response = second.send("GET /api/hello HTTP/1.1\r\nHost: lab\r\n\r\n").response();
        assertEquals(Answers.HELLO, RawHttp.body(response), "the acceptor goes on");
      }
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      while (server.stats().openConnections() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(10); // the second connection's thread sees its client close
      }
      assertEquals(0, server.stats().openConnections(), "the failed connection is not counted");
    }
  }

  @Test
  void theSweeperOutlivesAnErrorInASweep() throws Exception {
    AtomicInteger sweeps = new AtomicInteger();
    Iterable<LoomConnection> failingTwice = () -> {
      if (sweeps.incrementAndGet() <= 2) {
        throw new OutOfMemoryError("injected");
      }
      return List.<LoomConnection>of().iterator();
    };
    ThreadFactory threads = Thread.ofVirtual().name("test-sweeper").factory();
    try (ConnectionSweeper sweeper = new ConnectionSweeper(failingTwice, threads)) {
      sweeper.start();
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      while (sweeps.get() < 5 && System.nanoTime() < deadline) {
        Thread.sleep(ConnectionSweeper.TICK);
      }
      assertTrue(sweeps.get() >= 5, "the sweeper stopped after " + sweeps.get() + " sweeps");
    }
  }

  private static boolean closedOrReset(RawHttp connection) {
    try {
      return connection.closedByServer();
    } catch (IOException reset) {
      return true;
    }
  }
}
