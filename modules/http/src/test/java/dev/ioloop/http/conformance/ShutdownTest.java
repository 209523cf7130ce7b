package dev.ioloop.http.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ioloop.api.server.LabServer;
import dev.ioloop.api.server.ServerConfig;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Past its grace, a shutdown ends what is still running: a request asleep for a minute is cut off, its connection
 * closed without an answer, and every thread the server started ends (their names carry the engine's prefix).
 */
@Timeout(30) // a shutdown that waited for the minute-long sleep would run into this
public abstract class ShutdownTest {
  private static final Duration PATIENCE = Duration.ofSeconds(10);

  protected abstract LabServer start(ServerConfig config) throws Exception;

  /** The prefix of every thread name the engine's server starts. */
  protected abstract String threadPrefix();

  @Test
  void aRequestPastTheGraceIsCutOffAndEveryThreadEnds() throws Exception {
    LabServer server = start(ServerConfig.defaults());
    String threadPrefix = threadPrefix();
    try (HttpOverSocket asleep = new HttpOverSocket(server.address(), PATIENCE);
         HttpOverSocket idle = new HttpOverSocket(server.address(), PATIENCE)) {
      asleep.get("/api/sleep?ms=60000");
      await(() -> server.stats().inFlight() == 1 && server.stats().openConnections() == 2);

      server.shutdown(Duration.ofMillis(100));

      assertEquals("", asleep.readUntilClosed(), "closed without an answer");
      assertEquals("", idle.readUntilClosed());
      LiveThreads.awaitNone(threadPrefix, PATIENCE);
    }
  }

  /**
   * A stop takes at most its grace and a small constant, whatever its requests do: here one blocks in
   * {@code /api/block2} for 30 s (on the reactor with one loop, that loop itself), and the stop, with a grace of 1 s,
   * must be done within 3 s, having closed the connection, the listener and every thread of the server.
   */
  @Test
  void aStopEndsWithinItsGracePlusTwoSecondsThoughAHandlerBlocksForLonger() throws Exception {
    LabServer server = start(ServerConfig.defaults().withLoops(1));
    Duration grace = Duration.ofSeconds(1);
    try (HttpOverSocket blocked = new HttpOverSocket(server.address(), PATIENCE)) {
      blocked.get("/api/block2?sleep_ms=30000");
      await(() -> server.stats().inFlight() == 1);
      Thread.sleep(100); // into the sleep

      long begin = System.nanoTime();
      server.shutdown(grace);
      Duration took = Duration.ofNanos(System.nanoTime() - begin);

      System.getLogger(ShutdownTest.class.getName()).log(System.Logger.Level.INFO,
          "{0}: a stop with a grace of {1} ms took {2} ms, a 30 s block2 in flight", getClass().getSimpleName(),
          grace.toMillis(), took.toMillis());
      assertTrue(took.compareTo(grace.plusSeconds(2)) <= 0, "the stop took " + took + " with a grace of " + grace);
      String left = blocked.readUntilClosed();
      assertFalse(left.startsWith("HTTP/1.1 200"), "a request past the grace is cut off, not answered: " + left);
      assertThrows(IOException.class, () -> new Socket(server.address().getAddress(), server.address().getPort())
          .close(), "still accepting after the stop");
      LiveThreads.awaitNone(threadPrefix(), PATIENCE);
    } finally {
      server.close();
    }
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not reached within " + PATIENCE);
      }
      Thread.sleep(5);
    }
  }
}
