package dev.ioloop.loom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ioloop.api.server.LabServer;
import dev.ioloop.api.server.ServerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How many requests wait at once, counted by the servers themselves ({@code inFlight}), never timed: a virtual
 * thread per connection on the loom server, and Jetty's virtual-thread pool raised past its default of 200.
 */
@Timeout(60)
class ConcurrencyTest {
  private static final Duration PATIENCE = Duration.ofSeconds(20);
  /** More than Jetty's default of 200 concurrent tasks. */
  private static final int CONNECTIONS = 300;

  @Test
  void eachLoomConnectionHasAVirtualThreadOfItsOwn() throws Exception {
    try (LabServer server = LoomServer.start(ServerConfig.defaults())) {
      List<HttpOverSocket> sleepers = sleepOn(server, CONNECTIONS);
      try {
        awaitAtLeast(CONNECTIONS, () -> server.stats().inFlight());
        // one per connection, the acceptor's and the sweeper's
        assertEquals(CONNECTIONS + 2, server.stats().threads().virtualAlive(), server.stats().toString());
        assertEquals(CONNECTIONS, LiveThreads.named("loom-connection-").size());
      } finally {
        closeAll(sleepers);
      }
    }
  }

  @Test
  void jettyRunsMoreThan200HandlersAtOnce() throws Exception {
    try (LabServer server = JettyServer.start(ServerConfig.defaults())) {
      List<HttpOverSocket> sleepers = sleepOn(server, CONNECTIONS);
      try {
        awaitAtLeast(CONNECTIONS, () -> server.stats().inFlight());
        assertTrue(server.stats().threads().virtualAlive() >= CONNECTIONS, server.stats().toString());
      } finally {
        closeAll(sleepers);
      }
    }
  }

  /** {@code count} connections, each asleep in {@code /api/sleep} for longer than the test runs. */
  private static List<HttpOverSocket> sleepOn(LabServer server, int count) throws Exception {
    List<HttpOverSocket> connections = new ArrayList<>(count);
    try {
      for (int i = 0; i < count; i++) {
        connections.add(new HttpOverSocket(server.address(), PATIENCE).get("/api/sleep?ms=60000"));
      }
    } catch (Exception e) {
      closeAll(connections);
      throw e;
    }
    return connections;
  }

  private static void awaitAtLeast(long expected, LongSupplier actual) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (actual.getAsLong() < expected) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("only " + actual.getAsLong() + " of " + expected + " within " + PATIENCE);
      }
      Thread.sleep(10);
    }
  }

  private static void closeAll(List<HttpOverSocket> connections) throws Exception {
    for (HttpOverSocket connection : connections) {
      connection.close();
    }
  }
}
