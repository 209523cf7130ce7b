package dev.ioloop.reactor.server;

import dev.ioloop.reactor.loop.SelectorIOLoop;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ioloop.api.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ConnectionTimerTest {
  private final FakeClock clock = new FakeClock(0);
  private final SelectorIOLoop loop = new SelectorIOLoop(clock);
  private final List<String> fired = new ArrayList<>();

  /**
   * Runs {@code action} on the loop, then lets the loop run what is due. Without a runSync deadline: that would be
   * one more timeout in the heap the tests count (the class's @Timeout bounds them instead).
   */
  private void onLoop(Runnable action) throws Exception {
    loop.runSync(() -> {
      action.run();
      return CompletableFuture.completedStage(null);
    }, null);
    loop.runSync(() -> CompletableFuture.completedStage(null), null);
  }

  @Test
  void movingTheDeadlineLaterAddsNoTimeout() throws Exception {
    ConnectionTimer timer = new ConnectionTimer(loop);
    onLoop(() -> timer.arm(Duration.ofSeconds(10), () -> fired.add("idle")));
    for (int i = 0; i < 5; i++) {
      clock.advance(Duration.ofSeconds(5).toNanos());
      onLoop(() -> timer.arm(Duration.ofSeconds(10), () -> fired.add("idle")));
    }
    assertEquals(1, loop.stats().pendingTimeouts());
    assertEquals(List.of(), fired, "re-armed every 5 s, a 10 s deadline never passes");
    clock.advance(Duration.ofSeconds(10).toNanos());
    onLoop(() -> { });
    assertEquals(List.of("idle"), fired);
  }

  @Test
  void anEarlierDeadlineReplacesTheScheduledOne() throws Exception {
    ConnectionTimer timer = new ConnectionTimer(loop);
    onLoop(() -> timer.arm(Duration.ofSeconds(60), () -> fired.add("idle")));
    onLoop(() -> timer.arm(Duration.ofSeconds(10), () -> fired.add("header")));
    clock.advance(Duration.ofSeconds(10).toNanos());
    onLoop(() -> { });
    assertEquals(List.of("header"), fired);
    clock.advance(Duration.ofSeconds(60).toNanos());
    onLoop(() -> { });
    assertEquals(List.of("header"), fired, "the replaced deadline runs nothing");
  }

  @Test
  void aDisarmedTimerRunsNothing() throws Exception {
    ConnectionTimer timer = new ConnectionTimer(loop);
    onLoop(() -> {
      timer.arm(Duration.ofSeconds(1), () -> fired.add("idle"));
      timer.disarm();
    });
    clock.advance(Duration.ofSeconds(2).toNanos());
    onLoop(() -> { });
    assertEquals(List.of(), fired);
  }
}
