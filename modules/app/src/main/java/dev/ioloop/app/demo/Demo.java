package dev.ioloop.app.demo;

import dev.ioloop.app.load.GatlingInstallation;
import dev.ioloop.app.load.GatlingLauncher;
import dev.ioloop.app.load.GatlingRun;
import dev.ioloop.app.load.LoadSpec;
import dev.ioloop.app.process.ChildProcesses;
import dev.ioloop.app.report.RequestStats;
import dev.ioloop.app.report.ServerRun;
import dev.ioloop.app.report.StatsSample;
import dev.ioloop.app.report.StatsSamples;
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
    ServerProcess backend = launcher.startBackend();
    List<ServerProcess> servers = new ArrayList<>();
    for (String engine : plan.servers()) {
      servers.add(launcher.startServer(engine, backend.url(), plan.reactorLoops()));
    }
    launcher.awaitReady(backend);
    for (ServerProcess server : servers) {
      launcher.awaitReady(server);
    }
    StringBuilder ready = new StringBuilder("  ready in %.1f s: backend :%d".formatted(
        (System.nanoTime() - start) / 1e9, backend.url().getPort()));
    for (ServerProcess server : servers) {
      ready.append(", ").append(server.name()).append(" :").append(server.url().getPort());
      if (server.name().equals("reactor")) {
        ready.append(" (").append(plan.reactorLoops()).append(plan.reactorLoops() == 1 ? " loop)" : " loops)");
      }
    }
    out.println(ready);
    out.flush();
    return servers;
  }

  private ServerRun runStep(GatlingLauncher gatling, int step, String scenario, String simulationClass,
      ServerProcess server) throws IOException, InterruptedException {
    out.printf(Locale.ROOT, "[%2d/%d] %-8s %-8s %d users, %.1f s ...", step, plan.steps(), scenario, server.name(),
        plan.users(), plan.duration().toMillis() / 1000.0);
    out.flush();
    LoadSpec load = new LoadSpec(simulationClass, server.url(), plan.users(), plan.ramp(), plan.duration(),
        "closed", 0, OptionalInt.empty(), server.name(), Map.of());
    String stepName = scenario.toLowerCase(Locale.ROOT) + "-" + server.name();
    StatsSampler sampler = StatsSampler.start(server.url(), plan.samplePeriod());
    GatlingRun run;
    List<StatsSample> samples;
    try {
      run = gatling.run(load, runDirectory.resolve(scenario.toLowerCase(Locale.ROOT)).resolve(server.name()),
          ProcessBuilder.Redirect.to(runDirectory.resolve("logs").resolve("gatling-" + stepName + ".log").toFile()));
    } finally {
      samples = sampler.stop();
    }
    StatsSamples.write(run.reportDirectory(), samples);
    ServerRun result = ServerRun.read(run.reportDirectory());
    RequestStats global = result.report().global();
    out.printf(Locale.ROOT, " %8.1f req/s, p95 %6.0f ms, %d failed  (%.1f s)%n", global.perSecond(), global.p95(),
        global.ko(), run.wallSeconds());
    out.flush();
    return result;
  }
}
