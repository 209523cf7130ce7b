package dev.ioloop.reactor.server;

import static dev.ioloop.api.LoopTesting.PATIENCE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ioloop.api.server.ServerConfig;
import dev.ioloop.http.codec.HttpResponse;
import dev.ioloop.http.codec.HttpStatus;
import dev.ioloop.http.conformance.RawHttp;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the conformance suite cannot reach through the endpoints: failing handlers and backpressure. */
@Timeout(30)
class ReactorServerTest {
  private static final ServerConfig CONFIG = ServerConfig.defaults().withLoops(1);

  private static String get(String path) {
    return "GET " + path + " HTTP/1.1\r\nHost: lab\r\n\r\n";
  }

  @Test
  void aFailingHandlerIsAnswered500AndTheConnectionGoesOn() throws Exception {
    RequestHandler handler = request -> switch (request.path()) {
      case "/throws" -> throw new IllegalStateException("a bug");
      case "/fails" -> CompletableFuture.failedStage(new IllegalStateException("a bug, later"));
      default -> CompletableFuture.completedStage(HttpResponse.text(HttpStatus.OK, "fine"));
    };
    try (ReactorServer server = ReactorServer.start(CONFIG, (loop, client, stats) -> handler);
         RawHttp connection = RawHttp.connect(server.address(), PATIENCE)) {
      connection.send(get("/throws") + get("/fails") + get("/"));
      assertEquals("internal error: IllegalStateException\n", RawHttp.body(connection.response()));
      assertEquals(500, RawHttp.status(connection.response()));
      assertEquals("fine", RawHttp.body(connection.response()));
      assertEquals(0, server.stats().inFlight());
    }
  }

  @Test
  void aClientThatDoesNotReadStopsBeingRead() throws Exception {
    int requests = 100;
    byte[] mebibyte = new byte[1 << 20]; // 100 answers of 1 MiB: far more than the kernel's socket buffers hold
    AtomicInteger handled = new AtomicInteger();
    RequestHandler handler = request -> {
      handled.incrementAndGet();
      return CompletableFuture.completedStage(HttpResponse.of(HttpStatus.OK, "application/octet-stream", mebibyte)
          .withHeader("X-Path", request.path()));
    };
    try (ReactorServer server = ReactorServer.start(CONFIG, (loop, client, stats) -> handler);
         RawHttp connection = RawHttp.connect(server.address(), PATIENCE)) {
      StringBuilder batch = new StringBuilder();
      for (int i = 0; i < requests; i++) {
        batch.append(get("/" + i));
      }
      connection.send(batch.toString());
      Thread.sleep(500);
      assertTrue(handled.get() < requests / 2,
          "answers were made for a client that reads none: " + handled.get() + " of " + requests);
      for (int i = 0; i < requests; i++) {
        String answer = connection.response();
        assertTrue(answer.contains("\r\nX-Path: /" + i + "\r\n"), "answer " + i + " out of order");
      }
      assertEquals(requests, handled.get());
    }
  }

  @Test
  void answersCompletedOffTheLoopAreWrittenByIt() throws Exception {
    RequestHandler handler = request -> CompletableFuture.supplyAsync(() -> HttpResponse.text(HttpStatus.OK, "later"));
    try (ReactorServer server = ReactorServer.start(CONFIG, (loop, client, stats) -> handler);
         RawHttp connection = RawHttp.connect(server.address(), PATIENCE)) {
      connection.send(get("/a") + get("/b"));
      assertEquals("later", RawHttp.body(connection.response()));
      assertEquals("later", RawHttp.body(connection.response()));
    }
  }
}
