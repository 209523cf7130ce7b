package dev.ioloop.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ioloop.api.MeasuredLoop;
import dev.ioloop.loom.loop.VirtualThreadIOLoop;
import dev.ioloop.reactor.loop.SelectorIOLoop;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

@Timeout(60)
class LoopDemoTest {
  // Five 300 ms waits: 1.5 s when serialized on the loop, one wait's worth when they overlap.
  private static final List<Duration> DELAYS = java.util.Collections.nCopies(5, Duration.ofMillis(300));
  private static final Duration SUM = Duration.ofMillis(1_500);

  private static Supplier<MeasuredLoop> loop(String name) {
    return name.equals("reactor") ? SelectorIOLoop::new : VirtualThreadIOLoop::new;
  }

  @ParameterizedTest
  @ValueSource(strings = {"reactor", "loom"})
  void sleepingOnTheLoopSerializesTheWaitsAndIsSeenAsLag(String name) throws Exception {
    try (MeasuredLoop loop = loop(name).get()) {
      LoopDemo.Result result = LoopDemo.run(name, loop, WaitStyle.BLOCKING, DELAYS, Duration.ofSeconds(30));
      assertTrue(result.wallTime().compareTo(SUM) >= 0, () -> "serialized waits took " + result.wallTime());
      assertTrue(result.maxLag().toMillis() >= 250, () -> "a probe waited behind a 300 ms sleep: " + result.maxLag());
      assertEquals(5, result.slowCallbacks(), "each 300 ms sleep passes the 100 ms slow-callback threshold");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"reactor", "loom"})
  void nonBlockingWaitsOverlap(String name) throws Exception {
    for (WaitStyle style : List.of(WaitStyle.CALL_LATER, WaitStyle.EXECUTOR)) {
      try (MeasuredLoop loop = loop(name).get()) {
        LoopDemo.Result result = LoopDemo.run(name, loop, style, DELAYS, Duration.ofSeconds(30));
        assertTrue(result.wallTime().compareTo(SUM) < 0, () -> style + " took " + result.wallTime());
        assertEquals(0, result.slowCallbacks(), style + " never blocks the loop");
      }
    }
  }

  @org.junit.jupiter.api.Test
  void loopDemoCommandPrintsTheTableAndRejectsBadOptions() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
    assertEquals(0, cli.execute("loopdemo", "--tasks", "3", "--loops", "reactor"));
    assertTrue(out.toString().contains("Thread.sleep on the loop"), out::toString);
    assertTrue(out.toString().contains("runInExecutor, a virtual thread"), out::toString);

    assertEquals(2, cli.execute("loopdemo", "--loops", "twisted"));
    assertTrue(err.toString().contains("unknown loop 'twisted'"), err::toString);
    assertEquals(2, cli.execute("loopdemo", "--tasks", "0"));
    assertTrue(err.toString().contains("--tasks must be 1..1000"), err::toString);
  }
}
