package dev.ioloop.app;

import dev.ioloop.app.demo.Demo;
import dev.ioloop.app.demo.DemoPlan;
import dev.ioloop.app.live.Dashboard;
import dev.ioloop.app.live.DashboardOptions;
import dev.ioloop.app.load.GatlingInstallation;
import dev.ioloop.app.report.CapacityCurves;
import dev.ioloop.app.report.Comparison;
import dev.ioloop.app.report.ComparisonTable;
import dev.ioloop.app.report.ServerRun;
import dev.ioloop.tooling.cli.DurationConverter;
import dev.ioloop.tooling.cli.ExitCode;
import dev.ioloop.tooling.cpu.CpuPartition;
import dev.ioloop.tooling.cpu.CpuSet;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ./ioloop demo}: the main job. Every server under the same Gatling scenarios, side by side. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "The main job: reactor, loom, jetty and platform under the same Gatling scenarios, side by side.",
      "Starts the backend (/api/block2) and each server as its own JVM on 127.0.0.1, runs the scenarios"
          + " (NoBlock, Block, Hello, Fanout) against each in turn while sampling its /api/stats, prints a"
          + " side-by-side table and writes comparison.html (self-contained, with charts and links to every Gatling"
          + " report) under runs/<time>/. Stops every process it started, also on Ctrl-C or when a step fails.",
      "First starts the live dashboard and prints its address (http://127.0.0.1:8090/ or the next free port;"
          + " ?big for a projector): every server's requests/s, latency, threads, CPU... side by side while it runs.",
      "Exits 1 when an assertion of a simulation failed (the table's Assertions column says which); --keep-going"
          + " exits 0 all the same, for a script that goes on with what the demo wrote.",
      "On a machine of two or more cores the servers run on the first half of them and Gatling (with the backend)"
          + " on the rest, pinned with taskset, as the bench does: Gatling's own work then does not take the"
          + " server's cores. --server-cpus/--load-cpus choose the sets, --shared-cpus shares every core. The page"
          + " says where each side ran and gives each server's CPU time per request, the steadier figure.",
      "Each run first drives the same load for --warmup (default 10s; --quick 2s), whose requests the figures leave"
          + " out: each run's Gatling JVM starts cold, and its rate climbs several times over in its first seconds."
          + " The page's req/s, percentiles and failures count only the requests after it (from each run's"
          + " simulation.log), its CPU µs/req the server's CPU over the same span; Gatling's own report counts both.",
      "About 8 minutes; --quick about 4 (estimated 457 s and 153 s with four servers; runs on a busy 2-core machine"
          + " took longer); --capacity about 5."
          + " The loop-level demo, without HTTP, is the loopdemo command."
    })
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--quick", description = "20 users, 2 s warm-up + 3 s per run: about 4 minutes in all (16 runs)")
  boolean quick;

  @Option(names = "--capacity", description = "the capacity curve instead: CapacityBlock and CapacitySleep, 100 to"
      + " 1,000 users in steps of 100 (2 s each), throughput, p99, threads and heap against users: about 4 minutes")
  boolean capacity;

  @Option(names = "--users", description = "virtual users per run (default 50; --quick 20)")
  Integer users;

  @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "load per run, e.g. 12s or 1m; a plain number is seconds (default 12s; --quick 3s)")
  Duration duration;

  @Option(names = "--ramp", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "ramp-up per run, 0 or at least 1s (default 2s; --quick 0)")
  Duration ramp;

  @Option(names = "--warmup", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "load per run before the measured --duration, its requests left out of the figures: 0 (none) or"
          + " at least 1s (default 10s; --quick 2s)")
  Duration warmup;

  @Option(names = "--servers", split = ",", description = "of reactor, loom, jetty, platform (default: all four)")
  List<String> servers;

  @Option(names = "--scenarios", split = ",",
      description = "simulations to run (default: NoBlock,Block,Hello,Fanout; also Sleep, Cpu, Mixed)")
  List<String> scenarios;

  @Option(names = "--reactor-loops", paramLabel = "N",
      description = "the reactor's loops (default: one per server CPU, as the reactor itself chooses)")
  Integer reactorLoops;

  @Mixin CpuOptions cpuOptions;

  @Option(names = "--out", paramLabel = "DIR", description = "where the runs go (default: runs/<time>/)")
  Path out;

  @Option(names = "--injectors", paramLabel = "N", defaultValue = "1",
      description = "load each server from N Gatling injectors at once, each with its share of the users, merged"
          + " into one row per server (default ${DEFAULT-VALUE}); on one machine they share its cores")
  int injectors;

  @Mixin DashboardOptions dashboardOptions;

  @Option(names = "--no-dashboard", description = "start no live dashboard")
  boolean noDashboard;

  @Option(names = "--keep-going",
      description = "exit 0 even when an assertion of a simulation failed (default: exit 1 at the end)")
  boolean keepGoing;

  @Override
  public Integer call() throws Exception {
    PrintWriter output = spec.commandLine().getOut();
    CpuPartition cpus = cpuOptions.partition(spec.commandLine(), CpuPartition.halves());
    DemoPlan plan = plan(cpus);
    Path root = ProjectRoot.find();
    Path runDirectory = out != null ? out : RunDirectory.timestamped(root, "");
    GatlingInstallation installation = GatlingInstallation.in(root);
    for (String scenario : plan.scenarios()) {
      try {
        installation.simulationClass(scenario);
      } catch (IllegalArgumentException unknown) {
        throw new ParameterException(spec.commandLine(), unknown.getMessage(), unknown);
      }
    }
    if (injectors < 1 || injectors > plan.users()) {
      throw new ParameterException(spec.commandLine(), "--injectors must be 1 to the users (" + plan.users()
          + "), not " + injectors);
    }
    Demo demo = new Demo(installation, plan, runDirectory, output, injectors, cpus);
    Dashboard dashboard = noDashboard ? null : startDashboard();
    if (dashboard != null) {
      output.println("ioloop demo: live dashboard at " + dashboard.url() + "  (?big for a projector)");
      demo.showOn(dashboard);
    }
    output.printf(Locale.ROOT, "ioloop demo: %d runs (%s x %s), %d users, %s each: about %d s. Output: %s%n",
        plan.steps(), String.join(",", plan.scenarios()), String.join(",", plan.servers()), plan.users(),
        plan.runLength(), plan.estimate().toSeconds(), runDirectory);
    output.println("ioloop demo: " + cpus.describe());
    Exception failure = null;
    try {
      demo.run();
    } catch (Exception e) {
      failure = e;
    } finally {
      if (dashboard != null) {
        dashboard.close();
      }
    }
    List<ServerRun> runs = demo.completedRuns();
    if (!runs.isEmpty()) {
      Comparison comparison = Comparison.of(runs);
      List<CapacityCurves.Entry> curves = plan.isCapacity()
          ? CapacityCurves.of(comparison, installation.classpath()) : List.of();
      Path page = CompareCommand.write(comparison, curves, runDirectory);
      output.println();
      output.print(ComparisonTable.text(comparison));
      output.println();
      if (plan.isCapacity()) {
        output.print(CapacityCurves.text(curves));
      } else {
        printStory(output, plan, comparison);
      }
      output.println();
      output.println("comparison: " + page);
    }
    output.flush();
    if (failure != null) {
      // One line by the conventions (exit 3 when something was missing, else 4), after what the finished runs show.
      throw new IOException("demo stopped after " + runs.size() + " of " + plan.steps() + " runs, every process it"
          + " started is stopped: " + failure.getMessage(), failure);
    }
    List<String> failed = runs.stream().filter(run -> !run.report().assertionsHeld())
        .map(run -> run.scenario() + " " + run.server()).toList();
    if (!failed.isEmpty()) {
      spec.commandLine().getErr().println("ioloop demo: an assertion failed in " + String.join(", ", failed)
          + (keepGoing ? " (--keep-going: exit 0)" : " (exit 1; --keep-going exits 0)"));
      return keepGoing ? ExitCode.OK : ExitCode.CHECK_FAILED;
    }
    return ExitCode.OK;
  }

  private Dashboard startDashboard() throws Exception {
    try {
      return dashboardOptions.start();
    } catch (IllegalArgumentException badBind) {
      throw new ParameterException(spec.commandLine(), badBind.getMessage(), badBind);
    }
  }

  private DemoPlan plan(CpuPartition cpus) {
    if (capacity && (quick || users != null || ramp != null || warmup != null || duration != null
        || scenarios != null)) {
      throw new ParameterException(spec.commandLine(),
          "--capacity has its own steps; of the other options it takes --servers, --reactor-loops, the CPU options"
              + " and --out");
    }
    // One loop per CPU the reactor's JVM may use, as it chooses by itself: two loops on one pinned core would
    // take turns on it, each stalling the connections of the other.
    int reactorLoops = this.reactorLoops != null ? this.reactorLoops
        : cpus.server().map(CpuSet::size).orElse(Runtime.getRuntime().availableProcessors());
    DemoPlan base = capacity ? DemoPlan.capacity(reactorLoops)
        : quick ? DemoPlan.quick(reactorLoops) : DemoPlan.standard(reactorLoops);
    try {
      return base.with(
          servers != null ? servers : base.servers(),
          scenarios != null ? scenarios : base.scenarios(),
          users != null ? users : base.users(),
          ramp != null ? ramp : base.ramp(),
          warmup != null ? warmup : base.warmup(),
          duration != null ? duration : base.duration());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  /** What to read in the numbers: each scenario's best throughput, every other server as a share of it. */
  private static void printStory(PrintWriter output, DemoPlan plan, Comparison comparison) {
    output.printf(Locale.ROOT, "Little's law: %d users / %.3f s (block2's mean wait) = %.0f req/s is the ceiling for"
        + " NoBlock and Block.%n", plan.users(), DemoPlan.BLOCK2_MEAN_SECONDS, plan.littlesLawCeiling());
    output.printf(Locale.ROOT, "On Block each request holds a reactor loop for its whole wait: %d loops / %.3f s ="
        + " %.1f req/s.%n", plan.reactorLoops(), DemoPlan.BLOCK2_MEAN_SECONDS, plan.blockedReactorCeiling());
    for (String scenario : comparison.scenarios()) {
      List<ServerRun> runs = comparison.runsOf(scenario);
      ServerRun best = runs.stream()
          .max(Comparator.comparingDouble(run -> run.report().global().perSecond())).orElseThrow();
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-8s best %s %.1f req/s", scenario,
          best.server(), best.report().global().perSecond()));
      for (ServerRun run : runs) {
        if (run != best) {
          line.append(String.format(Locale.ROOT, "; %s %.0f%%", run.server(),
              100 * run.report().global().perSecond() / best.report().global().perSecond()));
        }
      }
      output.println(line);
    }
  }
}
