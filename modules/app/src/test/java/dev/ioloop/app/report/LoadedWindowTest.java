package dev.ioloop.app.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
