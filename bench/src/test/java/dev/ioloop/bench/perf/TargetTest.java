package dev.ioloop.bench.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Issue #18's targets, computed from made-up runs. */
class TargetTest {
  private static Target named(Results results, String... words) {
    return Target.all(results).stream().filter(target -> List.of(words).stream().allMatch(target.goal()::contains))
        .findFirst().orElseThrow(() -> new AssertionError("no target with " + List.of(words)));
  }

  /** Three rounds with the given median throughput and CPU per request (one round above, one below). */
  private static void add(Results results, Scenario scenario, Server server, double rate, double cpu) {
    for (double factor : List.of(1.0, 1.1, 0.8)) {
      results.add(scenario, server, new Results.Sample(rate * factor, 100, 0, cpu * factor));
    }
  }

  @Test
  void loomsCpuOnTheSleepIsWithinOneAndAHalfOfTheReactorsWithBothFractionsOfLittlesLaw() {
    Results results = new Results();
    add(results, Scenario.SLEEP_5000, Server.LOOM, 45_000, 18);
    add(results, Scenario.SLEEP_5000, Server.REACTOR, 48_000, 10);
    Target target = named(results, "5,000 connections", "loom server CPU per request <= 1.50 x reactor's");
    assertEquals(Optional.of("1.80 x (18.0 vs 10.0 µs); of Little's law: loom 0.90, reactor 0.96"), target.measured());
    assertFalse(target.met());

    add(results, Scenario.NOBLOCK_2000, Server.LOOM, 7_500, 14);
    add(results, Scenario.NOBLOCK_2000, Server.REACTOR, 7_600, 10);
    Target noblock = named(results, "/api/noblock", "loom server CPU per request <= 1.50 x reactor's");
    assertTrue(noblock.met());
    assertTrue(noblock.measured().orElseThrow().startsWith("1.40 x (14.0 vs 10.0 µs)"), noblock::toString);
  }

  @Test
  void loomsLiveHeapPerWaitingRequestIsAtMost3500Bytes() {
    Results results = new Results();
    Target notRun = named(results, "live heap per waiting request: loom <= 3,500 B");
    assertEquals(Optional.empty(), notRun.measured());
    assertFalse(notRun.met());
    results.add(Server.LOOM, new Results.Memory(10_000, 3_400, 9_000));
    Target met = named(results, "live heap per waiting request: loom <= 3,500 B");
    assertEquals(Optional.of("3,400 B"), met.measured());
    assertTrue(met.met());
    results.add(Server.LOOM, new Results.Memory(10_000, 3_700, 9_000));
    results.add(Server.LOOM, new Results.Memory(10_000, 3_600, 9_000)); // median 3,600
    assertFalse(named(results, "loom <= 3,500 B").met());
  }

  @Test
  void theReactorOnHelloComparesWithNettyEpollInThroughputAndCpu() {
    Results results = new Results();
    add(results, Scenario.HELLO, Server.REACTOR, 95_000, 6.4);
    add(results, Scenario.HELLO, Server.NETTY_EPOLL, 100_000, 6.0);
    Target throughput = named(results, "reactor >= 0.95 x netty-epoll's req/s");
    assertEquals(Optional.of("0.95 x (95,000 vs 100,000 req/s)"), throughput.measured());
    assertTrue(throughput.met());
    Target cpu = named(results, "/api/hello", "reactor server CPU per request <= 1.05 x netty-epoll's");
    assertEquals(Optional.of("1.07 x (6.4 vs 6.0 µs)"), cpu.measured());
    assertFalse(cpu.met());
  }
}
