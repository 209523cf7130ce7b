package dev.ioloop.loom;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ioloop.api.server.LabServer;
import dev.ioloop.api.server.ServerConfig;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Past its grace, a shutdown ends what is still running: a request asleep for a minute is cut off, its connection
 * closed without an answer, and every thread the server started ends (their names carry the engine's prefix).
 */
@Timeout(30) // a shutdown that waited for the minute-long sleep would run into this
class ShutdownTest {
  private static final Duration PATIENCE = Duration.ofSeconds(10);

  @FunctionalInterface
  interface Engine {
    LabServer start(ServerConfig config) throws Exception;
  }

  static Stream<Arguments> engines() {
    return Stream.of(
        Arguments.of("loom-", (Engine) LoomServer::start),
        Arguments.of("jetty-", (Engine) JettyServer::start));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void aRequestPastTheGraceIsCutOffAndEveryThreadEnds(String threadPrefix, Engine engine) throws Exception {
    LabServer server = engine.start(ServerConfig.defaults());
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
