package dev.ioloop.app.demo;

import dev.ioloop.app.load.GatlingInstallation;
import dev.ioloop.app.load.GatlingLauncher;
import dev.ioloop.app.load.LoadSpec;
import dev.ioloop.app.report.RequestStats;
import dev.ioloop.app.report.ServerRun;
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

  public Demo(GatlingInstallation installation, DemoPlan plan, Path runDirectory, PrintWriter out) {
    this.installation = installation;
    this.plan = plan;
    this.runDirectory = runDirectory;
    this.out = out;
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
      List<ServerProcess> servers = startServers(new ServerLauncher(processes, logs));
      GatlingLauncher gatling = new GatlingLauncher(installation, processes);
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
    out.flush();
    return lab.servers();
  }

  private ServerRun runStep(GatlingLauncher gatling, int step, String scenario, String simulationClass,
      ServerProcess server) throws IOException, InterruptedException {
    out.printf(Locale.ROOT, "[%2d/%d] %-8s %-8s %s%d users, %.1f s ...", step, plan.steps(), scenario,
        server.name(), plan.isCapacity() ? "up to " : "", plan.users(), plan.duration().toMillis() / 1000.0);
    out.flush();
    LoadSpec load = new LoadSpec(simulationClass, server.url(), plan.users(), plan.ramp(), plan.duration(),
        "closed", 0, OptionalInt.empty(), server.name(), plan.parameters());
    String stepName = scenario.toLowerCase(Locale.ROOT) + "-" + server.name();
    SampledLoad.Result result = SampledLoad.run(gatling, load, server, plan.samplePeriod(),
        runDirectory.resolve(scenario.toLowerCase(Locale.ROOT)).resolve(server.name()),
        runDirectory.resolve("logs").resolve("gatling-" + stepName + ".log"));
    RequestStats global = result.run().report().global();
    out.printf(Locale.ROOT, " %8.1f req/s, p95 %6.0f ms, %d failed  (%.1f s)%n", global.perSecond(), global.p95(),
        global.ko(), result.wallSeconds());
    out.flush();
    return result.run();
  }
}
