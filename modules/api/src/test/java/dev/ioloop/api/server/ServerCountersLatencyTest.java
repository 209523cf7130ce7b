package dev.ioloop.api.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The latency window of {@code /api/stats}: the last full second, rotated by the server, read by anyone. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ServerCountersLatencyTest {
  private static ServerStats stats(ServerCounters counters) {
    return counters.snapshot(Engine.LOOM, 0, ServerStats.Loop.NONE, ServerStats.Pool.NONE);
  }

  @Test
  void requestsShowWithinARotationAndReadersTakeNothingFromEachOther() throws Exception {
    ServerCounters counters = new ServerCounters();
    for (int i = 1; i <= 100; i++) { // 1 ms to 100 ms, recorded as if each had taken that long
      counters.requestFinished(counters.requestStarted() - TimeUnit.MILLISECONDS.toNanos(i));
    }
    ServerStats.Latency latency = ServerStats.Latency.NONE;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (latency.count() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
      latency = stats(counters).latency();
    }
    assertEquals(100, latency.count(), latency.toString());
    assertTrue(latency.p50Micros() >= 49_000 && latency.p50Micros() <= 52_000, latency.toString());
    assertTrue(latency.p99Micros() >= 98_000 && latency.p99Micros() <= 101_000, latency.toString());
    assertTrue(latency.maxMicros() >= 99_000 && latency.maxMicros() <= 101_000, latency.toString());
    for (int reader = 0; reader < 5; reader++) { // reading is no rotation: the same second for every reader
      assertEquals(100, stats(counters).latency().count());
    }
    assertEquals(100, stats(counters).requests());
    assertEquals(0, stats(counters).inFlight());
    Thread.sleep(1_600); // past two more rotations: out of the window
    assertEquals(ServerStats.Latency.NONE, stats(counters).latency());
  }

  @Test
  void theProcessCpuTimeIsReportedAndGrows() throws Exception {
    ServerCounters counters = new ServerCounters();
    long before = stats(counters).cpuNanos();
    long spin = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
    long sink = 0;
    while (System.nanoTime() < spin) {
      sink += Long.hashCode(sink + 1);
    }
    assertTrue(before > 0, "cpuNanos " + before + sink % 1);
    assertTrue(stats(counters).cpuNanos() > before);
  }
}
