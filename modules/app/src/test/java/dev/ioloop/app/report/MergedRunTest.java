package dev.ioloop.app.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ioloop.app.load.CpuSamples;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MergedRunTest {
  @TempDir Path work;

  /** An injector whose requests took {@code from..to} ms, one a millisecond apart, its JVM at {@code cpu} of 2 cores. */
  private InjectorRun injector(int k, int from, int to, double cpu, int failed) {
    List<SimulationLog.Request> requests = new ArrayList<>();
    for (int ms = from; ms <= to; ms++) {
      long start = 1_000_000 + ms * 10L;
      requests.add(new SimulationLog.Request("noblock", start, start + ms, ms - from >= failed, false));
    }
    Properties info = new Properties();
    info.setProperty("run", "r");
    info.setProperty("k", String.valueOf(k));
    info.setProperty("n", "2");
    info.setProperty("host", "h" + k);
    info.setProperty("label", "loom");
    info.setProperty("simulation", "NoBlock");
    info.setProperty("model", "closed");
    long start = 1_000_000;
    long end = start + 10_000;
    List<CpuSamples.Sample> samples = new ArrayList<>();
    for (long at = start; at <= end; at += 250) {
      samples.add(new CpuSamples.Sample(at, Math.round((at - start) * 2 * cpu)));
    }
    List<SimulationLog.UserEvent> users = new ArrayList<>();
    for (int user = 0; user < 10; user++) {
      users.add(new SimulationLog.UserEvent("NoBlock", true, start));
    }
    users.add(new SimulationLog.UserEvent("NoBlock", false, end));
    SimulationLog log = new SimulationLog("dev.ioloop.loadtests.NoBlockSimulation", start, requests, users);
    return new InjectorRun(info, work.resolve("injector-" + k).resolve("report"), log, new CpuSamples(2, samples));
  }

  @Test
  void totalsAreTheSumsAndPercentilesComeFromEveryResponseTimeNotFromTheInjectorsPercentiles() throws Exception {
    InjectorRun fast = injector(1, 1, 100, 0.1, 0);
    InjectorRun slow = injector(2, 101, 400, 0.1, 3);
    ServerRun merged = MergedRun.merge(List.of(slow, fast));
    RequestStats all = merged.report().global();
    assertEquals(400, all.total());
    assertEquals(397, all.ok());
    assertEquals(3, all.ko());
    // 400 response times 1..400 ms: the median is 200, the p95 380; averaging the injectors' own medians (50 and
    // 250) would say 150.
    assertEquals(200, all.p50());
    assertEquals(380, all.p95());
    assertEquals(1, all.min());
    assertEquals(400, all.max());
    assertEquals(List.of(fast, slow), merged.injectors(), "by K");
    assertEquals("loom", merged.server());
  }

  @Test
  void anInjectorWithoutCpuToSpareIsFlaggedOnThePage() throws Exception {
    InjectorRun busy = injector(1, 1, 100, 0.9, 0);
    InjectorRun idle = injector(2, 1, 100, 0.1, 0);
    assertTrue(busy.saturation().startsWith("mean CPU 90%"), busy.saturation());
    assertEquals("", idle.saturation());
    String page = ComparisonPage.render(Comparison.of(List.of(MergedRun.merge(List.of(busy, idle)))), work);
    assertTrue(page.contains("injector 1/2 on h1") && page.contains("injector 2/2 on h2"), page);
    assertTrue(page.contains("INJECTORS SATURATED"), page);
    String calm = ComparisonPage.render(Comparison.of(List.of(MergedRun.merge(List.of(idle)))), work);
    assertTrue(!calm.contains("SATURATED"), calm);
  }
}
