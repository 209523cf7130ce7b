package dev.ioloop.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ioloop.api.server.LabServer;
import dev.ioloop.api.server.ServerConfig;
import dev.ioloop.api.server.ServerStats;
import dev.ioloop.http.conformance.ConcurrencyTest;
import dev.ioloop.jetty.ThreadModel.PlatformThreads;
import java.time.Duration;

/**
 * The deviation by design: a pool of 200 platform threads holds 200 of the 300 waiting requests, one thread each for
 * as long as it waits, and the other 100 wait in the pool's queue (for their connection's set-up or for their
 * request's read) until a thread is free. That cap is what virtual threads lift (JettyConcurrencyTest: all 300).
 */
class PlatformConcurrencyTest extends ConcurrencyTest {
  private static final Duration PATIENCE = Duration.ofSeconds(20);

  @Override
  protected LabServer start(ServerConfig config) throws Exception {
    return JettyServer.start(config, PlatformThreads.defaults());
  }

  @Override
  protected int inFlightAtOnce() {
    return PlatformThreads.DEFAULT_THREADS;
  }

  @Override
  protected void assertThreadsWhileWaiting(LabServer server) throws InterruptedException {
    int waiting = CONNECTIONS - PlatformThreads.DEFAULT_THREADS;
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    ServerStats stats = server.stats();
    while (stats.pool().queued() < waiting && System.nanoTime() < deadline) {
      Thread.sleep(10);
      stats = server.stats();
    }
    assertEquals(new ServerStats.Pool(PlatformThreads.DEFAULT_THREADS, PlatformThreads.DEFAULT_THREADS, waiting),
        stats.pool(), stats.toString());
    assertEquals(PlatformThreads.DEFAULT_THREADS, stats.inFlight(), "never more in flight than threads: " + stats);
    assertEquals(0, stats.threads().virtualStarted(), "no virtual thread: " + stats);
    assertTrue(stats.threads().platform() > PlatformThreads.DEFAULT_THREADS, stats.toString());
  }
}
