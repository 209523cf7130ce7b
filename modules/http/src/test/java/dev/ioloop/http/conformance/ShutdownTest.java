package dev.ioloop.http.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ioloop.api.server.LabServer;
import dev.ioloop.api.server.ServerConfig;
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
