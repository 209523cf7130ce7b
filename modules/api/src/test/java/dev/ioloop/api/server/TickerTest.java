package dev.ioloop.api.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class TickerTest {
  private static final Duration TICK = Duration.ofMillis(5);

  @Test
  void aTickThatThrowsAnErrorIsLoggedAndTheTicksGoOn() throws Exception {
    AtomicInteger ticks = new AtomicInteger();
    Thread helper = Thread.ofVirtual().start(() -> Ticker.every(TICK, "a test helper", () -> {
      if (ticks.incrementAndGet() <= 2) {
        throw new OutOfMemoryError("injected");
      }
      if (ticks.get() == 3) {
        throw new IllegalStateException("injected");
      }
      return ticks.get() < 5;
    }));
    assertTrue(helper.join(Duration.ofSeconds(5)), "the helper stopped ticking after " + ticks.get() + " ticks");
    assertTrue(ticks.get() == 5, ticks.get() + " ticks");
  }

  @Test
  void anInterruptEndsTheTicks() throws Exception {
    AtomicInteger ticks = new AtomicInteger();
    Thread helper = Thread.ofVirtual().start(() -> Ticker.every(TICK, "a test helper", () -> {
      ticks.incrementAndGet();
      return true;
    }));
    while (ticks.get() < 2) {
      Thread.sleep(1);
    }
    helper.interrupt();
    assertTrue(helper.join(Duration.ofSeconds(5)));
    assertFalse(helper.isAlive());
  }
}
