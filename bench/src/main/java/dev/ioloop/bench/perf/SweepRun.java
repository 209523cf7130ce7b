package dev.ioloop.bench.perf;

import dev.ioloop.bench.perf.HeapProbe.Footprint;
import dev.ioloop.tooling.cpu.CpuPartition;
import dev.ioloop.tooling.process.ServerProcess;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code ./ioloop bench --sweep}: {@code /api/sleep} at more and more connections on every selected server. All the
 * servers are started at once and each step visits them in turn (step 1: A B C, step 2: A B C, ...), so that the
 * shared machine's drift falls on all of them alike rather than on whichever runs last. On each server at each step:
 * a short warm-up run, the measured run (throughput, the server's CPU, wrk's CPU), and then, with that run over, a
 * hold of the step's connections all waiting in a long sleep while the server's live heap is taken (a heap probe,
 * a full GC, during the measured run would stop the server in the middle of it), and the server's CPU per connection
 * opened for the hold.
 */
final class SweepRun {
  /**
   * The hold's sleep: longer than connecting, settling and a full GC take, so that the requests are all still
   * waiting when the heap is taken. The server is left alone this long after a hold, until its held requests end.
   */
  static final Duration HOLD_SLEEP = Duration.ofSeconds(15);

  private final SweepSettings settings;
  private final CpuPartition cpus;
  private final Launcher launcher;
  private final Wrk wrk;
  private final List<SweepStep> steps = new ArrayList<>();
  private final List<SweepSkip> skipped = new ArrayList<>();

  /** {@code cpus}: the servers on its server side, wrk on its load side, as in the bench. */
  SweepRun(SweepSettings settings, CpuPartition cpus, Launcher launcher) {
    this.settings = settings;
    this.cpus = cpus;
    this.launcher = launcher;
    this.wrk = launcher.wrk(cpus);
  }

  /** Every server's figures, step by step in the order measured. */
  List<SweepStep> steps() {
    return steps;
  }

  List<SweepSkip> skipped() {
    return skipped;
  }

  /** A server under the sweep: its process, its idle heap, and when its last hold's requests have all ended. */
  private static final class Subject {
    final Server server;
    final ServerProcess process;
    Footprint idle;
    long quietAfterNanos = System.nanoTime();

    Subject(Server server, ServerProcess process) {
      this.server = server;
      this.process = process;
    }
  }

  void run() throws IOException, InterruptedException {
    Wrk.requireInstalled();
    Files.createDirectories(launcher.workDirectory());
    List<SweepLoad> loads = runnableLoads(ProcFs.openFileLimit());
    if (loads.isEmpty()) {
      return;
    }
    List<Subject> subjects = new ArrayList<>();
    try {
      for (Server server : settings.servers()) {
        subjects.add(new Subject(server, launcher.start(server, cpus, server.port, "sweep", List.of())));
      }
      SweepLoad first = loads.getFirst();
      launcher.progress().accept("warm-up and idle heap: " + first.label() + " for "
          + settings.warmUpLength().toSeconds()
          + " s on each server, then jcmd GC.run");
      for (Subject subject : subjects) {
        wrk.run(subject.process.url(first.target()), first.connections(), settings.warmUpLength(), first.wrkTimeout());
        subject.idle = HeapProbe.measure(subject.process.pid());
        launcher.progress().accept(String.format("  %-8s idle live heap %,d KiB", subject.server.label,
            subject.idle.liveHeapBytes() / 1024));
      }
      for (SweepLoad load : loads) {
        launcher.progress().accept(String.format("step %s: Little's law %,.0f req/s", load.label(),
            load.littlesLawLimit()));
        for (Subject subject : subjects) {
          measure(subject, load).ifPresent(steps::add);
        }
      }
    } finally {
      subjects.forEach(subject -> subject.process.close());
    }
  }

  /** The steps that fit the open-file limit; the others are skipped, with the reason kept for the report. */
  private List<SweepLoad> runnableLoads(long openFileLimit) {
    List<SweepLoad> loads = new ArrayList<>();
    for (SweepLoad load : settings.loads()) {
      Optional<String> reason = load.whyItCannotRun(openFileLimit);
      reason.ifPresent(why -> {
        skipped.add(new SweepSkip(load, why));
        launcher.progress().accept("skipping step " + load.label() + ": " + why);
      });
      if (reason.isEmpty()) {
        loads.add(load);
      }
    }
    return loads;
  }

  private Optional<SweepStep> measure(Subject subject, SweepLoad load) throws IOException, InterruptedException {
    ServerProcess process = subject.process;
    if (!process.isAlive()) {
      launcher.progress().accept("  " + subject.server.label + " has exited: no figures from here on"
          + process.logTail(5));
      return Optional.empty();
    }
    long quiet = subject.quietAfterNanos - System.nanoTime();
    if (quiet > 0) {
      Thread.sleep(Duration.ofNanos(quiet));
    }
    URI url = process.url(load.target());
    wrk.run(url, load.connections(), settings.warmUpLength(), load.wrkTimeout());
    long serverBefore = ProcFs.cpuNanos(process.pid());
    long wrkBefore = ProcFs.endedChildrenCpuNanos();
    long startedAt = System.nanoTime();
    Wrk.Result result = wrk.run(url, load.connections(), settings.runLength(), load.wrkTimeout());
    long wallNanos = System.nanoTime() - startedAt;
    // No answer in the run (a server far past its capacity): no cost per request to speak of, not a cost per 1.
    double serverMicrosPerRequest = result.requests() == 0 ? Double.NaN
        : (ProcFs.cpuNanos(process.pid()) - serverBefore) / 1e3 / result.requests();
    double wrkCpuPercent = 100.0 * (ProcFs.endedChildrenCpuNanos() - wrkBefore) / wallNanos;
    Optional<InFlightProbe.Held> held = hold(subject, load);
    SweepStep step = new SweepStep(subject.server, load, result.requests(), result.requestsPerSecond(),
        result.errors(), serverMicrosPerRequest, wrkCpuPercent,
        held.map(h -> h.growthOver(subject.idle)).orElse(new Results.Memory(0, Double.NaN, Double.NaN)),
        held.map(h -> h.cpuNanos() / 1e3 / h.inFlight()).orElse(Double.NaN));
    launcher.progress().accept(String.format(
        "  %-8s %,8.0f req/s (%.2f of Little)  errors %d  server CPU %6.1f us/req, "
            + "%6.1f us/connection opened  wrk CPU %3.0f%% of a core  live heap %,6.0f B per waiting request "
            + "(%,d held)", subject.server.label, step.requestsPerSecond(), step.littleFraction(), step.errors(),
        step.cpuMicrosPerRequest(), step.cpuMicrosPerConnection(), step.wrkCpuPercent(),
        step.memory().heapBytesPerRequest(), step.memory().inFlight()));
    return Optional.of(step);
  }

  /** The step's connections held waiting while the heap is taken; empty, said why, if the server did not. */
  private Optional<InFlightProbe.Held> hold(Subject subject, SweepLoad load) throws InterruptedException {
    try {
      return Optional.of(InFlightProbe.hold(wrk, subject.process, load.connections(), HOLD_SLEEP));
    } catch (IOException notHeld) {
      launcher.progress().accept("  " + subject.server.label + ": no heap figure at " + load.label() + ": "
          + notHeld.getMessage());
      return Optional.empty();
    } finally {
      subject.quietAfterNanos = System.nanoTime() + HOLD_SLEEP.toNanos();
    }
  }
}
