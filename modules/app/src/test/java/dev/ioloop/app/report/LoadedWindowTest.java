package dev.ioloop.app.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ioloop.api.server.ServerStats;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadedWindowTest {
  @Test
  void cpuPerRequestIsTheWindowsCpuOverItsRequests() {
    assertEquals(10.0, new LoadedWindow(0, 1_000, 1_000, 10_000_000, 1_000, 1_000).cpuMicrosPerRequest(), 1e-9);
  }

  /** 32 slow requests between two ticks of the process's CPU clock: no figure, where the table printed 0.0. */
  @Test
  void noCpuMeasuredIsNoFigureNotRequestsForFree() {
    assertTrue(Double.isNaN(new LoadedWindow(0, 3_000, 32, 0, 3, 4).cpuMicrosPerRequest()));
    assertTrue(Double.isNaN(new LoadedWindow(0, 3_000, 0, 5_000_000, 0, 0).cpuMicrosPerRequest()));
  }

  /** A run with a warm-up: the window is its measured phase, however busy the warm-up before it was. */
  @Test
  void theMeasuredPhasesWindowIsTheSamplesTakenInIt() {
    List<StatsSample> samples = new ArrayList<>();
    for (int i = 0; i <= 20; i++) {
      // 500 ms apart; 100 requests and 3 ms of CPU a period in the warm-up (to 5 s), then 400 and 4 ms
      long requests = i <= 10 ? 100L * i : 1_000 + 400L * (i - 10);
      long cpuNanos = i <= 10 ? 3_000_000L * i : 30_000_000L + 4_000_000L * (i - 10);
      samples.add(new StatsSample(500L * i, new ServerStats("loom", "loom", 500L * i, requests, 0, 1,
          new ServerStats.Threads(20, 0, 0, 0), ServerStats.Loop.NONE, ServerStats.Pool.NONE, 1, 1,
          ServerStats.Latency.NONE, cpuNanos), 10));
    }
    LoadedWindow measured = LoadedWindow.within(samples, 4_900, 9_800).orElseThrow();
    assertEquals(5_000, measured.fromMillis());
    assertEquals(9_500, measured.toMillis());
    assertEquals(3_600, measured.requests());
    assertEquals(10.0, measured.cpuMicrosPerRequest(), 1e-9, "the warm-up's 30 µs a request left out");
    assertTrue(LoadedWindow.within(samples, 4_900, 5_200).isEmpty(), "one sample is no window");
  }
}
