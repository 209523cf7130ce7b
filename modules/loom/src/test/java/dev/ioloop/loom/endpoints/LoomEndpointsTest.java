package dev.ioloop.loom.endpoints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ioloop.http.client.DownstreamRefusedException;
import dev.ioloop.http.codec.HttpHeaders;
import dev.ioloop.http.codec.HttpRequest;
import dev.ioloop.http.codec.HttpResponse;
import dev.ioloop.http.codec.HttpStatus;
import dev.ioloop.http.codec.HttpVersion;
import dev.ioloop.http.route.Route;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the endpoints do with their downstream's answers, with a downstream the test completes by hand: the order of
 * a fanout's bodies, its first failure, and a failure no endpoint expects. (Over sockets, the conformance suite.)
 */
@Timeout(10)
class LoomEndpointsTest {
  /** Hands out futures that the test completes, in any order. */
  private static final class ScriptedDownstream implements Downstream {
    final List<CompletableFuture<HttpResponse>> calls = new ArrayList<>();
    RuntimeException failure;

    @Override
    public HttpResponse fetch(String target) {
      if (failure != null) {
        throw failure;
      }
      return HttpResponse.text(HttpStatus.OK, "fetched " + target);
    }

    @Override
    public synchronized Future<HttpResponse> fetchAsync(String target) {
      CompletableFuture<HttpResponse> call = new CompletableFuture<>();
      calls.add(call);
      notifyAll();
      return call;
    }

    synchronized CompletableFuture<HttpResponse> call(int index) throws InterruptedException {
      while (calls.size() <= index) {
        wait();
      }
      return calls.get(index);
    }

    @Override
    public void close() {}
  }

  private final ScriptedDownstream downstream = new ScriptedDownstream();
  private final LoomEndpoints endpoints = new LoomEndpoints(downstream, () -> {
    throw new AssertionError("no stats here");
  });

  @AfterEach
  void endTheTimer() {
    endpoints.close();
  }

  @Test
  void fanoutJoinsTheBodiesInCallOrderWhateverOrderTheyFinishIn() throws Exception {
    CompletableFuture<HttpResponse> answer = answerInBackground("/api/fanout", Map.of("n", "3"));
    for (int i = 2; i >= 0; i--) {
      downstream.call(i).complete(HttpResponse.text(HttpStatus.OK, "body " + i));
    }
    assertEquals("body 0\nbody 1\nbody 2", text(answer.get()));
  }

  @Test
  void fanoutAnswersTheFirstFailureAndCancelsTheOtherCalls() throws Exception {
    CompletableFuture<HttpResponse> answer = answerInBackground("/api/fanout", Map.of("n", "3"));
    downstream.call(2); // all three are started
    downstream.call(0).completeExceptionally(new DownstreamRefusedException("cannot connect to backend", null));
    HttpResponse refused = answer.get();
    assertEquals(HttpStatus.BAD_GATEWAY, refused.status());
    assertEquals("cannot connect to backend\n", text(refused));
    assertTrue(downstream.calls.get(1).isCancelled() && downstream.calls.get(2).isCancelled(),
        "no call outlives its request");
  }

  @Test
  void anUnexpectedFailureAnswers500AndTheNextRequestIsServed() throws Exception {
    downstream.failure = new IllegalStateException("a bug");
    HttpResponse failed;
    Logger routeLog = Logger.getLogger(Route.class.getName()); // held: JUL forgets loggers no one references
    Level level = routeLog.getLevel();
    routeLog.setLevel(Level.OFF); // the bug's stack trace is logged, as it should be; not on this test's console
    try {
      failed = endpoints.answer(get("/api/block", Map.of()));
    } finally {
      routeLog.setLevel(level);
    }
    assertEquals(HttpStatus.INTERNAL_SERVER_ERROR, failed.status());
    assertEquals("internal error: IllegalStateException\n", text(failed));

    downstream.failure = null;
    assertEquals(HttpStatus.OK, endpoints.answer(get("/api/block", Map.of())).status());
  }

  private CompletableFuture<HttpResponse> answerInBackground(String path, Map<String, String> query) {
    CompletableFuture<HttpResponse> answer = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> {
      try {
        answer.complete(endpoints.answer(get(path, query)));
      } catch (Throwable failure) {
        answer.completeExceptionally(failure);
      }
    });
    return answer;
  }

  private static HttpRequest get(String path, Map<String, String> query) {
    return new HttpRequest("GET", path, path, query, HttpVersion.HTTP_1_1, HttpHeaders.EMPTY, new byte[0], true);
  }

  private static String text(HttpResponse response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }
}
