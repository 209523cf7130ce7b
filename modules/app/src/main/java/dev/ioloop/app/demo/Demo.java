package dev.ioloop.app.demo;

import dev.ioloop.app.live.Dashboard;
import dev.ioloop.app.load.GatlingInstallation;
import dev.ioloop.app.load.GatlingLauncher;
import dev.ioloop.app.load.GatlingRun;
import dev.ioloop.app.load.InjectorShare;
import dev.ioloop.app.load.LoadSpec;
import dev.ioloop.app.report.InjectorRun;
import dev.ioloop.app.report.MergedRun;
import dev.ioloop.app.report.Placement;
import dev.ioloop.app.report.StatsSample;
import dev.ioloop.app.report.RequestStats;
import dev.ioloop.app.report.ServerRun;
import dev.ioloop.tooling.cpu.CpuPartition;
import dev.ioloop.tooling.process.ChildProcesses;
import dev.ioloop.tooling.process.ServerProcess;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The demo's run: starts the backend and the servers, loads each with each scenario while sampling its
 * /api/stats, and stops every process it started, whatever happens. The runs finished so far stay available
 * when a step fails, so the comparison can still be written.
 *
 * <p>Layout under the run directory: {@code logs/} (each server's and each Gatling run's output) and
 * {@code SCENARIO/SERVER/<gatling report>/} with index.html and stats.jsonl.
 */
public final class Demo {
  private final GatlingInstallation installation;
  private final DemoPlan plan;
  private final Path runDirectory;
  private final PrintWriter out;
  private final List<ServerRun> completed = new ArrayList<>();
  private final int injectors;
  private final CpuPartition cpus;
  private Dashboard dashboard;

  /**
   * With {@code injectors} above 1, each step is that many Gatling runs at once, each its share, then merged. The
   * servers run on the server CPUs of {@code cpus}, Gatling and the backend on its load CPUs.
   */
  public Demo(GatlingInstallation installation, DemoPlan plan, Path runDirectory, PrintWriter out, int injectors,
      CpuPartition cpus) {
    this.injectors = injectors;
    this.cpus = cpus;
    this.installation = installation;
    this.plan = plan;
    this.runDirectory = runDirectory;
    this.out = out;
  }

  /** Shows the run on {@code dashboard}: every server once it is ready, each step's scenario and time left. */
  public Demo showOn(Dashboard dashboard) {
    this.dashboard = dashboard;
    return this;
  }

  /** Runs the plan; every process it started is stopped when this returns or throws. */
  public void run() throws IOException, InterruptedException {
    // By the simulation's own name (NoBlock), however the plan spelled it (noblock).
    Map<String, String> simulations = new LinkedHashMap<>();
    for (String scenario : plan.scenarios()) {
      String simulationClass = installation.simulationClass(scenario);
      simulations.put(GatlingInstallation.shortName(simulationClass), simulationClass);
    }
    Path logs = Files.createDirectories(runDirectory.resolve("logs"));
    try (ChildProcesses processes = new ChildProcesses()) {
      List<ServerProcess> servers = startServers(new ServerLauncher(processes, logs, cpus));
      GatlingLauncher gatling = new GatlingLauncher(installation, processes, cpus);
      int step = 0;
      for (var simulation : simulations.entrySet()) {
        for (ServerProcess server : servers) {
          step++;
          completed.add(runStep(gatling, step, simulation.getKey(), simulation.getValue(), server));
        }
      }
    }
  }

  /** The runs that finished, in the order they ran. */
  public List<ServerRun> completedRuns() {
    return List.copyOf(completed);
  }

  private List<ServerProcess> startServers(ServerLauncher launcher) throws IOException, InterruptedException {
    long start = System.nanoTime();
    out.printf("Starting the backend and %s on 127.0.0.1, each in its own JVM...%n", String.join(", ", plan.servers()));
    out.flush();
    ServerLauncher.Lab lab = launcher.startLab(plan.servers(), plan.reactorLoops());
    out.println("  ready in %.1f s: %s".formatted((System.nanoTime() - start) / 1e9, lab.describe()));
    out.printf(Locale.ROOT, "Warming each up on %s for %.0f s:", WarmUp.PATH,
        DemoPlan.SERVER_WARM_UP.toMillis() / 1000.0);
    out.flush();
    for (ServerProcess server : lab.servers()) {
      out.printf(Locale.ROOT, " %s %d,", server.name(), WarmUp.run(server.url(), DemoPlan.SERVER_WARM_UP));
      out.flush();
    }
    out.println(" requests.");
    out.flush();
    if (dashboard != null) {
      lab.servers().forEach(server -> dashboard.attach(server.name(), server.url()));
    }
    return lab.servers();
  }

  private ServerRun runStep(GatlingLauncher gatling, int step, String scenario, String simulationClass,
      ServerProcess server) throws IOException, InterruptedException {
    out.printf(Locale.ROOT, "[%2d/%d] %-8s %-8s %s%d users, %s ...", step, plan.steps(), scenario,
        server.name(), plan.isCapacity() ? "up to " : "", plan.users(), plan.runLength());
    out.flush();
    LoadSpec load = new LoadSpec(simulationClass, server.url(), plan.users(), plan.ramp(), plan.warmup(),
        plan.duration(), "closed", 0, OptionalInt.empty(), server.name(), plan.parameters());
    String stepName = scenario.toLowerCase(Locale.ROOT) + "-" + server.name();
    if (dashboard != null) {
      dashboard.stage().stepStarted(scenario, server.name(), step, plan.steps(), load.loadLength());
    }
    Path results = runDirectory.resolve(scenario.toLowerCase(Locale.ROOT)).resolve(server.name());
    SampledLoad.Result result;
    try {
      result = injectors > 1
          ? injected(gatling, load, server, stepName, results)
          : SampledLoad.run(gatling, load, server, plan.samplePeriod(), results,
              runDirectory.resolve("logs").resolve("gatling-" + stepName + ".log"));
    } finally {
      if (dashboard != null) {
        dashboard.stage().stepEnded();
      }
    }
    RequestStats global = result.run().report().global();
    out.printf(Locale.ROOT, " %8.1f req/s, p95 %6.0f ms, %d failed  (%.1f s)%n", global.perSecond(), global.p95(),
        global.ko(), result.wallSeconds());
    out.flush();
    return result.run();
  }

  /**
   * One step from several injectors at once: Gatling runs side by side, each with its share of the users, in
   * {@code results}/injector-K, the server's /api/stats sampled meanwhile; merged from their logs.
   */
  private SampledLoad.Result injected(GatlingLauncher gatling, LoadSpec whole, ServerProcess server, String stepName,
      Path results) throws IOException, InterruptedException {
    long start = System.nanoTime();
    String run = runDirectory.getFileName() + "-" + stepName;
    StatsSampler sampler = StatsSampler.start(server.url(), plan.samplePeriod(), server.process().toHandle());
    List<Path> reports = new ArrayList<>();
    List<StatsSample> samples;
    try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<GatlingRun>> runs = new ArrayList<>();
      for (int k = 1; k <= injectors; k++) {
        InjectorShare share = new InjectorShare(k, injectors);
        LoadSpec load = new LoadSpec(whole.simulationClass(), whole.target(), share.users(whole.users()),
            whole.ramp(), whole.warmup(), whole.duration(), whole.model(), whole.rate(), whole.sleepMs(), whole.label(),
            whole.extra(), whole.allowRemote());
        Path folder = results.resolve(share.folderName());
        InjectorRun.writeInfo(folder, InjectorRun.info(load, share, run));
        Path log = runDirectory.resolve("logs").resolve("gatling-" + stepName + "-" + share.folderName() + ".log");
        runs.add(threads.submit(() -> gatling.run(load, folder, ProcessBuilder.Redirect.to(log.toFile()))));
      }
      for (Future<GatlingRun> future : runs) {
        reports.add(future.get().reportDirectory());
      }
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    } finally {
      samples = sampler.stop();
    }
    List<InjectorRun> injected = new ArrayList<>();
    for (Path report : reports) {
      injected.add(InjectorRun.read(report, installation.classpath()));
    }
    ServerRun merged = MergedRun.merge(injected);
    return new SampledLoad.Result(new ServerRun(merged.server(), merged.report(), samples, merged.injectors(),
        new Placement(cpus.describe(), cpus.partitioned(), Double.NaN, 0),
        merged.measured().map(phase -> phase.since(sampler.startEpochMillis()))),
        (System.nanoTime() - start) / 1e9);
  }
}
