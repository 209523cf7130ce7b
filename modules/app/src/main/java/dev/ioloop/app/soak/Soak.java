package dev.ioloop.app.soak;

import dev.ioloop.api.server.ServerStats;
import dev.ioloop.app.demo.SampledLoad;
import dev.ioloop.app.demo.ServerLauncher;
import dev.ioloop.app.load.GatlingInstallation;
import dev.ioloop.app.load.GatlingLauncher;
import dev.ioloop.app.load.LoadSpec;
import dev.ioloop.app.load.LoopbackHttp;
import dev.ioloop.app.report.RequestStats;
import dev.ioloop.app.report.ServerRun;
import dev.ioloop.app.report.StatsSample;
import dev.ioloop.http.route.StatsJson;
import dev.ioloop.tooling.process.ChildProcesses;
import dev.ioloop.tooling.process.ServerProcess;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A soak: the backend and the servers started as for the demo, then the Mixed scenario against each server in turn
 * for the whole duration, its open files, threads and heap sampled, and each {@link Resource} judged by
 * {@link Growth}. Every process it started is stopped when it returns or throws.
 *
 * @param installation the Gatling build
 * @param servers      engines to soak, one after another
 * @param users        closed-model users of the Mixed scenario
 * @param duration     how long each server is loaded
 * @param samplePeriod how often each is sampled
 * @param reactorLoops the reactor's loops
 * @param runDirectory where logs, reports and samples go
 */
public record Soak(GatlingInstallation installation, List<String> servers, int users, Duration duration,
    Duration samplePeriod, int reactorLoops, Path runDirectory) {
  private static final String SCENARIO = "Mixed";

  public Soak {
    servers = List.copyOf(servers);
    long samples = duration.toMillis() / samplePeriod.toMillis();
    if (samples < Growth.MIN_SAMPLES) {
      throw new IllegalArgumentException("a soak of " + duration.toSeconds() + " s sampled every "
          + samplePeriod.toSeconds() + " s gives " + samples + " samples; at least " + Growth.MIN_SAMPLES
          + " are needed to judge growth");
    }
  }

  /** What the soak found on one server. */
  public record Verdict(String server, RequestStats requests, int samples, List<Growth> growth) {
    public boolean leaked() {
      return growth.stream().anyMatch(Growth::unbounded);
    }
  }

  /** Soaks each server in turn, printing a line per resource as each finishes. */
  public List<Verdict> run(PrintWriter out) throws IOException, InterruptedException {
    Path logs = Files.createDirectories(runDirectory.resolve("logs"));
    String simulationClass = installation.simulationClass(SCENARIO);
    List<Verdict> verdicts = new ArrayList<>();
    try (ChildProcesses processes = new ChildProcesses()) {
      ServerLauncher.Lab lab = new ServerLauncher(processes, logs).startLab(servers, reactorLoops);
      out.println("  ready: " + lab.describe());
      out.flush();
      GatlingLauncher gatling = new GatlingLauncher(installation, processes);
      for (ServerProcess server : lab.servers()) {
        out.printf(Locale.ROOT, "%s: %s with %d users for %d s, sampled every %d s ...%n", server.name(), SCENARIO,
            users, duration.toSeconds(), samplePeriod.toSeconds());
        out.flush();
        LoadSpec load = new LoadSpec(simulationClass, server.url(), users, Duration.ZERO, Duration.ZERO, duration,
            "closed", 0, OptionalInt.empty(), server.name(), Map.of());
        Thread progress = Thread.ofVirtual().name("soak-progress").start(() -> progress(out, server));
        ServerRun run;
        try {
          run = SampledLoad.run(gatling, load, server, samplePeriod, runDirectory.resolve(server.name()),
              logs.resolve("gatling-" + server.name() + ".log")).run();
        } finally {
          progress.interrupt();
          progress.join();
        }
        Verdict verdict = judge(server.name(), run);
        print(out, verdict);
        verdicts.add(verdict);
      }
    }
    return verdicts;
  }

  /**
   * A line per sample period while the load runs: what the server's /api/stats and /proc say now, and the time
   * left. Its own reads, beside the sampler's; the latency window is the server's, so neither takes the other's.
   */
  private void progress(PrintWriter out, ServerProcess server) {
    long start = System.nanoTime();
    try (LoopbackHttp http = new LoopbackHttp(Duration.ofSeconds(2))) {
      while (true) {
        Thread.sleep(samplePeriod);
        long elapsed = (System.nanoTime() - start) / 1_000_000_000;
        long left = Math.max(0, duration.toSeconds() - elapsed);
        String figures;
        try {
          var response = http.get(server.url(), "/api/stats");
          ServerStats stats = StatsJson.decode(response.body());
          figures = String.format(Locale.ROOT, "open files %s, platform threads %d, virtual threads %d, heap after"
                  + " GC %d MiB, %d requests", openFiles(server.pid()), stats.threads().platform(),
              stats.threads().virtualAlive(), stats.heapAfterGcBytes() >> 20, stats.requests());
        } catch (IOException | RuntimeException unanswered) {
          figures = "no /api/stats answer (" + unanswered.getClass().getSimpleName() + ")";
        }
        synchronized (out) {
          out.printf(Locale.ROOT, "  %s %4d s: %s; %d s left%n", server.name(), elapsed, figures, left);
          out.flush();
        }
      }
    } catch (InterruptedException done) {
      // the load ended
    }
  }

  private static String openFiles(long pid) {
    try (var files = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      return Long.toString(files.count());
    } catch (IOException | UncheckedIOException noProc) {
      return "?";
    }
  }

  /**
   * Judges the samples taken while the load ran: those after it (Gatling writing its report) show an idle server,
   * whose lower floor would hide growth.
   */
  private Verdict judge(String server, ServerRun run) throws IOException {
    List<StatsSample> underLoad = run.samples().stream()
        .filter(sample -> sample.atMillis() <= duration.toMillis())
        .toList();
    if (underLoad.size() < Growth.MIN_SAMPLES) {
      throw new IOException(server + " answered only " + underLoad.size() + " of its /api/stats samples: too"
          + " few to judge growth (a server that stopped answering is no soak)");
    }
    List<Growth> growth = Arrays.stream(Resource.values()).map(r -> Growth.of(r, underLoad)).toList();
    return new Verdict(server, run.report().global(), underLoad.size(), growth);
  }

  private static void print(PrintWriter out, Verdict verdict) {
    out.printf(Locale.ROOT, "  %d requests, %d failed, %.1f req/s; %d samples; floor of the middle third -> the"
            + " last third:%n", verdict.requests().total(), verdict.requests().ko(), verdict.requests().perSecond(),
        verdict.samples());
    for (Growth growth : verdict.growth()) {
      out.println("    " + growth);
    }
    out.flush();
  }
}
