package dev.ioloop.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What ./ioloop demo refuses before it starts anything; DemoSmokeTest runs it for real. */
@Timeout(30)
class DemoCommandTest {
  @Test
  void aWarmUpOfPartOfASecondIsABadOption() {
    CommandRun run = CommandRun.of("demo", "--no-dashboard", "--warmup", "0.5s");
    assertEquals(2, run.exitCode(), run::toString);
    assertTrue(run.err().startsWith("ioloop demo: warmup must be 0 (none) or at least 1 s, not 500 ms"), run::err);
  }

  @Test
  void theCapacityCurveTakesNoWarmUp() {
    CommandRun run = CommandRun.of("demo", "--no-dashboard", "--capacity", "--warmup", "2s");
    assertEquals(2, run.exitCode(), run::toString);
    assertTrue(run.err().startsWith("ioloop demo: --capacity has its own steps"), run::err);
  }

  @Test
  void theHelpSaysWhatTheWarmUpLeavesOut() {
    CommandRun run = CommandRun.of("demo", "--help");
    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(run.out().contains("--warmup=DURATION"), run::out);
    assertTrue(run.out().contains("whose requests the figures leave"), run::out);
  }
}
