package dev.ioloop.reactor.client;

import dev.ioloop.reactor.loop.SelectorIOLoop;
import static dev.ioloop.api.LoopTesting.PATIENCE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ioloop.http.client.DownstreamMalformedException;
import dev.ioloop.http.client.DownstreamRefusedException;
import dev.ioloop.http.client.DownstreamResetException;
import dev.ioloop.http.client.DownstreamTimeoutException;
import dev.ioloop.http.codec.HttpLimits;
import dev.ioloop.http.codec.ReceivedResponse;
import dev.ioloop.http.conformance.Block2Backend;
import dev.ioloop.http.conformance.Block2Backend.Behavior;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The asynchronous client against a real downstream on loopback, driven with {@code runSync} on a loop of its own.
 * After every outcome the loop must hold no channel but the idle ones the pool keeps: nothing leaks.
 */
@Timeout(30)
class AsyncHttpClientTest {
  private static final Duration TIMEOUT = Duration.ofMillis(300);

  private final SelectorIOLoop loop = new SelectorIOLoop();
  private AsyncHttpClient client = new AsyncHttpClient(loop, TIMEOUT);

  @AfterEach
  void closeLoop() throws Exception {
    loop.runSync(() -> {
      client.close();
      return CompletableFuture.completedStage(null);
    }, PATIENCE);
    loop.close();
  }

  private ReceivedResponse get(URI url) throws Exception {
    return loop.runSync(() -> client.get(url), PATIENCE);
  }

  private Throwable failure(URI url) {
    return assertThrows(ExecutionException.class, () -> get(url)).getCause();
  }

  private static URI block2(Block2Backend backend, String query) {
    return backend.url().resolve("/api/block2?" + query);
  }

  private int openChannels() {
    return loop.stats().registeredChannels();
  }

  /** Runs the loop for {@code time}, so that it sees what happens to its channels meanwhile. */
  private void idle(Duration time) throws Exception {
    loop.runSync(() -> {
      CompletableFuture<Void> waited = new CompletableFuture<>();
      loop.callLater(time, () -> waited.complete(null));
      return waited;
    }, PATIENCE);
  }

  @Test
  void getsAResponseAndKeepsTheConnectionForTheNextCall() throws Exception {
    try (Block2Backend backend = Block2Backend.start(Behavior.ANSWER)) {
      for (int i = 0; i < 3; i++) {
        ReceivedResponse response = get(block2(backend, "time=" + i + "&sleep_ms=0"));
        assertEquals(200, response.status());
        assertTrue(response.bodyText().startsWith("b:" + i + ",s:0.000 => e:"), response.bodyText());
      }
      assertEquals(1, backend.connectionsAccepted());
      assertEquals(1, openChannels(), "the idle connection stays in the pool");
    }
  }

  @Test
  void callsBeyondTheConnectionLimitWaitForAConnection() throws Exception {
    client = new AsyncHttpClient(loop, PATIENCE, 1, HttpLimits.DEFAULT);
    try (Block2Backend backend = Block2Backend.start(Behavior.ANSWER)) {
      List<String> bodies = loop.runSync(() -> {
        List<CompletableFuture<ReceivedResponse>> calls = Stream.of("a", "b", "c")
            .map(time -> client.get(block2(backend, "time=" + time + "&sleep_ms=20")).toCompletableFuture())
            .toList();
        return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
            .thenApply(done -> calls.stream().map(call -> call.join().bodyText().substring(0, 4)).toList());
      }, PATIENCE);
      assertEquals(List.of("b:a,", "b:b,", "b:c,"), bodies);
      assertEquals(1, backend.connectionsAccepted());
    }
  }

  @Test
  void anIdleConnectionTheServerClosesIsEvicted() throws Exception {
    try (Block2Backend backend = Block2Backend.start(Behavior.CLOSE_WHEN_IDLE)) {
      get(block2(backend, "sleep_ms=0"));
      idle(Duration.ofMillis(300)); // the backend closes it after 50 ms idle
      assertEquals(0, openChannels(), "the closed connection left the pool");
      assertEquals(200, get(block2(backend, "sleep_ms=0")).status());
      assertEquals(2, backend.connectionsAccepted());
    }
  }

  @Test
  void aCallOnAConnectionClosedUnnoticedIsRetriedOnANewOne() throws Exception {
    try (Block2Backend backend = Block2Backend.start(Behavior.CLOSE_WHEN_IDLE)) {
      get(block2(backend, "sleep_ms=0"));
      Thread.sleep(300); // the loop is not running: the close is not seen before the next call picks the connection
      assertEquals(200, get(block2(backend, "sleep_ms=0")).status());
      assertEquals(2, backend.connectionsAccepted());
      assertEquals(2, backend.requestsReceived(), "the stale connection carried no request the server read");
    }
  }

  @Test
  void refusedIsARefusal() throws Exception {
    assertInstanceOf(DownstreamRefusedException.class, failure(Block2Backend.refusingUrl().resolve("/api/block2")));
    assertEquals(0, openChannels());
  }

  @Test
  void aResetIsAReset() throws Exception {
    try (Block2Backend backend = Block2Backend.start(Behavior.RESET)) {
      assertInstanceOf(DownstreamResetException.class, failure(block2(backend, "")));
      assertEquals(0, openChannels());
    }
  }

  @Test
  void garbageIsMalformed() throws Exception {
    try (Block2Backend backend = Block2Backend.start(Behavior.GARBAGE)) {
      assertInstanceOf(DownstreamMalformedException.class, failure(block2(backend, "")));
      assertEquals(0, openChannels());
    }
  }

  @Test
  void noAnswerInTimeIsATimeoutAndTheConnectionIsClosed() throws Exception {
    for (Behavior slow : List.of(Behavior.HANG, Behavior.TRICKLE)) {
      try (Block2Backend backend = Block2Backend.start(slow)) {
        long begin = System.nanoTime();
        assertInstanceOf(DownstreamTimeoutException.class, failure(block2(backend, "")), slow.name());
        assertTrue(System.nanoTime() - begin >= TIMEOUT.toNanos(), "timed out early");
        assertEquals(0, openChannels(), slow.name());
      }
    }
  }

  @Test
  void closingFailsTheCallsUnderWay() throws Exception {
    try (Block2Backend backend = Block2Backend.start(Behavior.HANG)) {
      client = new AsyncHttpClient(loop, PATIENCE);
      Throwable failure = assertThrows(ExecutionException.class, () -> loop.runSync(() -> {
        CompletionStage<ReceivedResponse> call = client.get(block2(backend, ""));
        loop.callLater(Duration.ofMillis(50), client::close);
        return call;
      }, PATIENCE)).getCause();
      assertInstanceOf(DownstreamRefusedException.class, failure);
      assertEquals(0, openChannels());
    }
  }

  @Test
  void runsOnlyOnItsLoop() {
    assertThrows(IllegalStateException.class, () -> client.get(URI.create("http://127.0.0.1:1/")));
  }
}
