package dev.ioloop.http.conformance;

import dev.ioloop.api.server.LabServer;
import dev.ioloop.api.server.ServerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How many requests wait at once, counted by the servers themselves ({@code inFlight}), never timed: more than a
 * pool of 200 threads could hold (Jetty's default for its virtual-thread pool, Tomcat's {@code maxThreads}). Each
 * engine runs this suite by extending it, and says what its threads look like meanwhile.
 */
@Timeout(60)
public abstract class ConcurrencyTest {
  private static final Duration PATIENCE = Duration.ofSeconds(20);
  /** More than Jetty's default of 200 concurrent tasks. */
  protected static final int CONNECTIONS = 300;

  protected abstract LabServer start(ServerConfig config) throws Exception;

  /** What the engine's threads look like while {@code CONNECTIONS} requests wait. */
  protected abstract void assertThreadsWhileWaiting(LabServer server) throws Exception;

  /**
   * How many of the {@code CONNECTIONS} waiting requests the engine has in flight at once: all of them, unless its
   * model caps them by design (a pool of platform threads, each holding its request while it waits); then
   * {@link #assertThreadsWhileWaiting} says where the others are.
   */
  protected int inFlightAtOnce() {
    return CONNECTIONS;
  }

  @Test
  void everyRequestWaitsAtOnce() throws Exception {
    try (LabServer server = start(ServerConfig.defaults())) {
      List<HttpOverSocket> sleepers = sleepOn(server, CONNECTIONS);
      try {
        awaitAtLeast(inFlightAtOnce(), () -> server.stats().inFlight());
        assertThreadsWhileWaiting(server);
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
