package dev.ioloop.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Tornado's TestPeriodicCallbackMath: the schedule alone, {@link PeriodicCallback#nextDeadline}, with no loop running.
 * Tornado counts in seconds; one of its seconds is a millisecond here.
 */
@Timeout(10)
class PeriodicCallbackMathTest {
  private static final long UNIT = 1_000_000;
  private static final Duration PERIOD = Duration.ofNanos(10 * UNIT);
  /** nextDeadline must not touch its loop: any call on this one fails the test. */
  private static final IOLoop UNUSED_LOOP = (IOLoop) Proxy.newProxyInstance(IOLoop.class.getClassLoader(),
      new Class<?>[] {IOLoop.class}, (proxy, method, args) -> {
        throw new AssertionError("the schedule math used the loop: " + method);
      });

  /**
   * Tornado's {@code simulate_calls}: the times at which calls would be made, each taking its duration (a negative one
   * is a clock that went back during or between calls).
   */
  private static List<Double> simulateCalls(PeriodicCallback periodic, double... durations) {
    List<Double> calls = new ArrayList<>();
    long now = 1000 * UNIT;
    long next = now;
    for (double duration : durations) {
      next = periodic.nextDeadline(next, now);
      calls.add((double) next / UNIT);
      now = next + Math.round(duration * UNIT);
    }
    return calls;
  }

  private static List<Double> times(double... times) {
    return Arrays.stream(times).boxed().toList();
  }

  @Test
  void testBasic() {
    PeriodicCallback periodic = new PeriodicCallback(UNUSED_LOOP, () -> {}, PERIOD);
    assertEquals(times(1010, 1020, 1030, 1040, 1050), simulateCalls(periodic, 0, 0, 0, 0, 0));
  }

  @Test
  void testOverrun() {
    // A call that runs too long skips entire periods to get back on the grid.
    PeriodicCallback periodic = new PeriodicCallback(UNUSED_LOOP, () -> {}, PERIOD);
    assertEquals(
        times(1010, 1020, 1030, // on schedule
            1050, 1070, // delayed one period
            1100, 1130, // two
            1170, 1210, // three
            1220, 1230), // then back on schedule
        simulateCalls(periodic, 9, 9, 10, 11, 20, 20, 35, 35, 0, 0, 0));
  }

  @Test
  void testClockBackwards() {
    PeriodicCallback periodic = new PeriodicCallback(UNUSED_LOOP, () -> {}, PERIOD);
    // Small backward jumps are ignored: each call is one period after the previous deadline.
    assertEquals(times(1010, 1020, 1030, 1040, 1050), simulateCalls(periodic, -2, -1, -3, -2, 0));
    // A big one is too: the first two calls are then 110 units of the clock apart, but never at the same deadline.
    assertEquals(times(1010, 1020, 1030), simulateCalls(periodic, -100, 0, 0));
  }

  @Test
  void testJitter() {
    ArrayDeque<Double> randoms = new ArrayDeque<>(List.of(0.5, 1.0, 0.0, 0.75));
    PeriodicCallback periodic = new PeriodicCallback(UNUSED_LOOP, () -> {}, PERIOD, 0.5, randoms::remove);
    assertEquals(times(1010, 1022.5, 1030, 1041.25), simulateCalls(periodic, 0, 0, 0, 0));
  }
}
