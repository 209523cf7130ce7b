package dev.ioloop.loom.server;

import dev.ioloop.http.conformance.LiveThreads;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ioloop.api.server.ServerConfig;
import dev.ioloop.http.codec.HttpResponse;
import dev.ioloop.http.conformance.Block2Backend;
import dev.ioloop.http.conformance.Block2Backend.Behavior;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The loom server's downstream over a real block2 backend: its calls share keep-alive connections. */
@Timeout(30)
class SocketDownstreamTest {
  private static final Duration PATIENCE = Duration.ofSeconds(10);
  private static final String SWEEPER = "test-downstream-sweeper";

  private static SocketDownstream downstream(Block2Backend backend) {
    ThreadFactory callThreads = Thread.ofVirtual().name("test-downstream-call-", 0).factory();
    ThreadFactory sweeperThreads = Thread.ofVirtual().name(SWEEPER).factory();
    return new SocketDownstream(ServerConfig.defaults().withDownstream(backend.url()), callThreads, sweeperThreads);
  }

  private static String body(HttpResponse response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  @Test
  void blockingAndAsynchronousCallsInARowShareOneConnection() throws Exception {
    try (Block2Backend backend = Block2Backend.start(Behavior.ANSWER);
         SocketDownstream downstream = downstream(backend)) {
      for (int i = 0; i < 3; i++) {
        assertTrue(body(downstream.fetch("/api/block2?time=f" + i + "&sleep_ms=0")).startsWith("b:f" + i + ","));
        assertTrue(body(downstream.fetchAsync("/api/block2?time=a" + i + "&sleep_ms=0").get())
            .startsWith("b:a" + i + ","));
      }
      assertEquals(1, backend.connectionsAccepted());
    }
    LiveThreads.awaitNone(SWEEPER, PATIENCE); // close() ends it
  }

  @Test
  void aCancelledCallsConnectionIsNotReused() throws Exception {
    try (Block2Backend backend = Block2Backend.start(Behavior.ANSWER);
         SocketDownstream downstream = downstream(backend)) {
      downstream.fetch("/api/block2?sleep_ms=0");
      Future<HttpResponse> slow = downstream.fetchAsync("/api/block2?sleep_ms=60000");
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      while (backend.requestsReceived() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertEquals(2, backend.requestsReceived(), "the slow call reached the backend");
      slow.cancel(true);
      assertThrows(CancellationException.class, slow::get);
      downstream.fetch("/api/block2?sleep_ms=0");
      assertEquals(2, backend.connectionsAccepted(), "the cancelled call's connection was not handed out again");
    }
  }
}
