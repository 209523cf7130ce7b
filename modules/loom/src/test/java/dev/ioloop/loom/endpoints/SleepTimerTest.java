package dev.ioloop.loom.endpoints;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The endpoints' sleep timer, on real virtual threads: never early, never lost, interruptible, and safe to close. */
@Timeout(30)
class SleepTimerTest {
  /** How late a sleep may end here (a loose bound for a busy CI machine): only a lost wake-up exceeds it. */
  private static final Duration LATE = Duration.ofSeconds(3);

  private final SleepTimer timer = new SleepTimer();
  private final ExecutorService sleepers = Executors.newVirtualThreadPerTaskExecutor();

  @AfterEach
  void close() {
    sleepers.shutdownNow();
    timer.close();
  }

  /** Sleeps {@code duration} on a virtual thread: how long it took. */
  private Future<Duration> sleepOnAVirtualThread(Duration duration) {
    return sleepers.submit(() -> {
      long start = System.nanoTime();
      timer.sleep(duration);
      return Duration.ofNanos(System.nanoTime() - start);
    });
  }

  private static void assertOnTime(Duration asked, Duration took) {
    assertTrue(took.compareTo(asked) >= 0, "woke early: " + took + " for " + asked);
    assertTrue(took.compareTo(asked.plus(LATE)) < 0, "woke far too late: " + took + " for " + asked);
  }

  @Test
  void manySleepersOfManyLengthsEachWakeOnTime() throws Exception {
    List<Duration> asked = new ArrayList<>();
    List<Future<Duration>> took = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      Duration duration = Duration.ofMillis(1 + i % 97).plusNanos(i * 1_013L);
      asked.add(duration);
      took.add(sleepOnAVirtualThread(duration));
    }
    for (int i = 0; i < asked.size(); i++) {
      assertOnTime(asked.get(i), took.get(i).get());
    }
  }

  @Test
  void aSleepLongerThanOneTurnOfTheWheelIsNotWokenATurnEarly() throws Exception {
    Duration longer = Duration.ofMillis(1_300); // the wheel's 1,024 slots of 1 ms come round once in between
    Future<Duration> slept = sleepOnAVirtualThread(longer);
    Thread.sleep(200);
    Future<Duration> shortOne = sleepOnAVirtualThread(Duration.ofMillis(5)); // keeps the timer ticking meanwhile
    assertOnTime(Duration.ofMillis(5), shortOne.get());
    assertOnTime(longer, slept.get());
  }

  @Test
  void aSleepAfterAPauseWithNoSleeperWakesOnTime() throws Exception {
    assertOnTime(Duration.ofMillis(20), sleepOnAVirtualThread(Duration.ofMillis(20)).get());
    Thread.sleep(1_500); // the timer has parked without a deadline: the next sleeper must wake it
    assertOnTime(Duration.ofMillis(20), sleepOnAVirtualThread(Duration.ofMillis(20)).get());
  }

  @Test
  void anInterruptEndsASleepAtOnceAndIsCleared() throws Exception {
    CompletableFuture<Boolean> interruptCleared = new CompletableFuture<>();
    Thread sleeper = Thread.ofVirtual().start(() -> {
      try {
        timer.sleep(Duration.ofMinutes(1));
        interruptCleared.completeExceptionally(new AssertionError("slept on"));
      } catch (InterruptedException expected) {
        interruptCleared.complete(!Thread.currentThread().isInterrupted());
      }
    });
    Thread.sleep(100);
    sleeper.interrupt();
    assertTrue(interruptCleared.get(LATE.toMillis(), TimeUnit.MILLISECONDS), "the interrupt is cleared, as by sleep");
  }

  @Test
  void anInterruptedThreadDoesNotSleepAtAll() {
    Thread.currentThread().interrupt();
    assertThrows(InterruptedException.class, () -> timer.sleep(Duration.ofMinutes(1)));
    assertFalse(Thread.interrupted(), "the interrupt is cleared");
  }

  @Test
  void nothingToSleepReturnsAtOnce() throws Exception {
    timer.sleep(Duration.ZERO);
    timer.sleep(Duration.ofMillis(-5));
  }

  @Test
  void closingWakesNoSleeperEarlyAndLaterSleepsStillEndOnTime() throws Exception {
    Future<Duration> during = sleepOnAVirtualThread(Duration.ofMillis(400));
    Thread.sleep(100);
    timer.close();
    assertOnTime(Duration.ofMillis(400), during.get());
    assertOnTime(Duration.ofMillis(50), sleepOnAVirtualThread(Duration.ofMillis(50)).get());
    assertFalse(timer.running(), "the timer's thread ended");
  }
}
