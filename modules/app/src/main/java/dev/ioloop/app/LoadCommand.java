package dev.ioloop.app;

import dev.ioloop.app.load.GatlingInstallation;
import dev.ioloop.app.load.GatlingLauncher;
import dev.ioloop.app.load.GatlingRun;
import dev.ioloop.app.load.InjectorShare;
import dev.ioloop.app.load.LoopbackHttp;
import dev.ioloop.app.load.ServerPinning;
import dev.ioloop.app.report.InjectorRun;
import dev.ioloop.app.report.Placement;
import dev.ioloop.app.load.LoadSpec;
import dev.ioloop.app.load.TargetProbe;
import dev.ioloop.app.load.TargetUnavailableException;
import dev.ioloop.tooling.process.ChildProcesses;
import dev.ioloop.tooling.cli.DurationConverter;
import dev.ioloop.tooling.cli.ExitCode;
import dev.ioloop.tooling.cpu.CpuPartition;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./ioloop load SIMULATION --target URL ...}: one Gatling run of a shared simulation against one server. */
@Command(
    name = "load",
    mixinStandardHelpOptions = true,
    description = {
      "One Gatling run of a shared simulation against one server: on this machine unless --allow-remote; one"
          + " injector's share of a run spread over several (--injector K/N), or several injectors here"
          + " (--injectors N), merged into one report.",
      "Simulations: Hello, NoBlock, Block, Sleep, Fanout, Cpu, Mixed. Checks first that the target answers"
          + " /api/hello, then prints where the report is.",
      "--server-cpus LIST --load-cpus LIST: Gatling runs on the load CPUs (taskset) and the server listening on the"
          + " target's port here is moved, every thread, onto the server CPUs (taskset -p; its pools keep the size"
          + " they had: a server started under taskset -c sizes them to its CPUs). Not with --allow-remote: load"
          + " cannot pin a server on another machine. Default: every core shared.",
      "Exits 1 when nothing answers at the target, or when one of the simulation's assertions failed (the report"
          + " is complete either way)."
    })
final class LoadCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SIMULATION", description = "hello, noblock, block, sleep, fanout, cpu, mixed")
  String simulation;

  @Option(names = "--target", required = true, paramLabel = "URL",
      description = "the server, on loopback (e.g. http://127.0.0.1:8081) unless --allow-remote")
  URI target;

  @Option(names = LoopbackHttp.ALLOW_REMOTE_OPTION,
      description = "the target may be another machine (default: loopback only); the Gatling JVM's hosts file then"
          + " maps the target's name too, nothing else")
  boolean allowRemote;

  @Option(names = "--injector", paramLabel = "K/N", converter = InjectorShare.Converter.class,
      description = "run injector K of N: its share of --users (or --rate), the N shares adding up to the whole;"
          + " output in <results>/injector-K/ (merge them with ./ioloop compare)")
  InjectorShare injector;

  @Option(names = "--injectors", paramLabel = "N",
      description = "start N injector processes here, each with its share (--injector K/N), then merge their logs"
          + " into one report")
  Integer injectors;

  @Option(names = "--run", paramLabel = "NAME",
      description = "the scaled-out run's name, the same on every injector (default: load-<simulation>-<time>)")
  String runName;

  @Option(names = "--users", defaultValue = "10", description = "closed model: virtual users, each with its own"
      + " connection (default ${DEFAULT-VALUE})")
  int users;

  @Option(names = "--duration", defaultValue = "10s", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "how long each user loops, or the open model's rate lasts, e.g. 10s or 2m; a plain number is"
          + " seconds (default ${DEFAULT-VALUE})")
  Duration duration;

  @Option(names = "--ramp", defaultValue = "2s", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "how long the load grows from zero, 0 or at least 1s (default ${DEFAULT-VALUE})")
  Duration ramp;

  @Option(names = "--warmup", defaultValue = "0s", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "the same load for this long before the measured --duration, its requests in the group"
          + " 'warm-up': the assertions and ./ioloop compare leave them out (Gatling's report counts them);"
          + " 0 (none) or at least 1s (default ${DEFAULT-VALUE})")
  Duration warmup;

  @Option(names = "--model", defaultValue = "closed",
      description = "closed: a fixed population of looping users; open: --rate new users a second, one request each"
          + " (default ${DEFAULT-VALUE})")
  String model;

  @Option(names = "--rate", defaultValue = "0", description = "open model: users arriving per second")
  double rate;

  @Option(names = "--sleep-ms", paramLabel = "N",
      description = "the downstream wait of block, noblock and fanout, and sleep's wait (default: block2's random"
          + " 10-500 ms; sleep: 100 ms)")
  Integer sleepMs;

  @Option(names = "--label", description = "the server's name in the report (default: the target's host:port)")
  String label;

  @Option(names = "--param", paramLabel = "NAME=VALUE",
      description = "any other simulation parameter: fanout, cpu_rounds, max_failed_pct, max_p95_ms, min_rps")
  Map<String, String> parameters = Map.of();

  @Option(names = "--results", paramLabel = "DIR",
      description = "where the report goes (default: runs/load-<simulation>-<time>/ in the checkout)")
  Path results;

  @Option(names = "--log", paramLabel = "FILE", description = "write Gatling's output to FILE, not the terminal")
  Path log;

  @Mixin CpuOptions cpuOptions;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (allowRemote && cpuOptions.serverCpusGiven()) {
      throw new ParameterException(spec.commandLine(), "--server-cpus pins a server on this machine, and with "
          + LoopbackHttp.ALLOW_REMOTE_OPTION + " the target may be another one: pin it there (taskset -c LIST"
          + " ./ioloop serve ...) and leave out the CPU lists");
    }
    CpuPartition cpus = cpuOptions.partition(spec.commandLine(), CpuPartition.SHARED);
    Path root = ProjectRoot.find();
    GatlingInstallation installation = GatlingInstallation.in(root);
    if (injectors != null && injector != null) {
      throw new ParameterException(spec.commandLine(), "--injectors N starts every injector itself: give it or"
          + " --injector K/N, not both");
    }
    InjectorShare share = injector != null ? injector : InjectorShare.WHOLE;
    LoadSpec load;
    try {
      if (injectors != null && injectors < 1) {
        throw new IllegalArgumentException("--injectors must be at least 1, not " + injectors);
      }
      boolean open = model.equalsIgnoreCase("open");
      int count = injectors != null ? injectors : 1;
      // The whole load is checked here, each share below: a load too small to share is a bad option up front.
      InjectorShare check = new InjectorShare(1, Math.max(count, share.n()));
      if (check.n() > 1) {
        if (open) {
          check.rate(rate);
        } else {
          check.users(users);
        }
      }
      load = new LoadSpec(installation.simulationClass(simulation), target,
          open || injector == null ? users : share.users(users), ramp, warmup, duration, model,
          open && injector != null ? share.rate(rate) : rate,
          sleepMs == null ? OptionalInt.empty() : OptionalInt.of(sleepMs),
          label != null ? label : target.getAuthority(), parameters, allowRemote);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    String run = runName != null ? runName : RunDirectory.timestamped(root,
        "load-" + load.simulationName().toLowerCase(Locale.ROOT) + "-").getFileName().toString();
    if (injectors != null) {
      return new LocalInjectors(spec.commandLine(), this, root).run(load, run,
          results != null ? results : root.resolve("runs").resolve(run));
    }
    try {
      TargetProbe.requireAnswering(load.target(), allowRemote);
    } catch (TargetUnavailableException e) {
      // The check this command makes first, before any load: it failed, and the message says what to do.
      err.println("ioloop load: " + e.getMessage());
      return ExitCode.CHECK_FAILED;
    }
    if (cpus.partitioned()) {
      long pid = ServerPinning.pin(load.target().getPort(), cpus.server().orElseThrow());
      out.println("server pid " + pid + " moved onto CPU " + cpus.server().orElseThrow() + "; " + cpus.describe());
    }
    // A server on another machine shares no core with Gatling: its row gets no shared-cores note.
    boolean local = LoopbackHttp.isLoopback(load.target());
    String where = local ? cpus.describe() : "the server on another machine than the load generator";
    Path resultsDirectory;
    if (injector != null) {
      resultsDirectory = (results != null ? results : root.resolve("runs").resolve(run)).resolve(share.folderName());
      InjectorRun.writeInfo(resultsDirectory, InjectorRun.info(load, share, run));
    } else {
      resultsDirectory = results != null ? results : root.resolve("runs").resolve(run);
    }
    out.printf(Locale.ROOT, "%s against %s (%s), %d users, %.1f s, %s: Gatling's output %s.%n",
        load.simulationName(), load.target(), load.label(), load.users(), load.duration().toMillis() / 1000.0,
        where, log == null ? "follows" : "goes to " + log);
    out.flush();
    GatlingRun gatling;
    try (ChildProcesses processes = new ChildProcesses()) {
      gatling = new GatlingLauncher(installation, processes, cpus).run(load, resultsDirectory,
          log == null ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.to(log.toFile()));
    }
    Placement.write(gatling.reportDirectory(), where, cpus.partitioned() || !local);
    out.println("report: " + gatling.reportDirectory().resolve("index.html"));
    if (injector != null) {
      recordWhatItOffered(out, installation, gatling, resultsDirectory, share);
      out.println("injector " + share + " of run " + run + ": merge the injectors' folders with ./ioloop compare "
          + resultsDirectory.getParent());
    }
    if (!gatling.assertionsPassed()) {
      out.println("an assertion of the simulation failed: see the report's Assertions table");
      return ExitCode.CHECK_FAILED;
    }
    return ExitCode.OK;
  }

  /**
   * What this injector actually offered and its CPU use, from its own log and samples: printed, and added to its
   * injector.properties (measured_*). The merge computes the same figures again from the files.
   */
  private static void recordWhatItOffered(PrintWriter out, GatlingInstallation installation, GatlingRun gatling,
      Path folder, InjectorShare share) {
    try {
      InjectorRun measured = InjectorRun.read(gatling.reportDirectory(), installation.classpath());
      java.util.Properties info = measured.info();
      info.setProperty("measured_requests", String.valueOf(measured.requests()));
      info.setProperty("measured_offered_per_s", String.format(Locale.ROOT, "%.2f", measured.offeredPerSecond()));
      info.setProperty("measured_users_per_s", String.format(Locale.ROOT, "%.2f", measured.usersPerSecond()));
      info.setProperty("measured_cpu_mean", String.format(Locale.ROOT, "%.3f", measured.cpuMean()));
      info.setProperty("measured_cpu_peak", String.format(Locale.ROOT, "%.3f", measured.cpuPeak()));
      InjectorRun.writeInfo(folder, info);
      out.printf(Locale.ROOT, "injector %s offered %.1f req/s (%d requests), its Gatling JVM used %.0f%% of %s cores"
          + " (busiest second %.0f%%)%s%n", share, measured.offeredPerSecond(), measured.requests(),
          100 * measured.cpuMean(), info.getProperty("cores"), 100 * measured.cpuPeak(),
          measured.saturation().isEmpty() ? "" : "; SATURATED: " + measured.saturation());
    } catch (java.io.IOException e) {
      out.println("injector " + share + ": its figures are left to the merge (" + e.getMessage() + ")");
    }
  }

  /** The options this command was given, for an injector child: everything but --injectors, --results, --log. */
  java.util.List<String> childArguments(LoadSpec load, String run, Path runDirectory, InjectorShare share) {
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("load", simulation,
        "--target", target.toString(), "--users", String.valueOf(users),
        "--duration", duration.toMillis() + "ms", "--ramp", ramp.toMillis() + "ms",
        "--warmup", warmup.toMillis() + "ms", "--model", model,
        "--rate", String.valueOf(rate), "--label", load.label(), "--run", run,
        "--results", runDirectory.toAbsolutePath().toString(), "--injector", share.toString(),
        "--log", runDirectory.resolve(share.folderName() + ".log").toAbsolutePath().toString()));
    if (sleepMs != null) {
      args.addAll(java.util.List.of("--sleep-ms", String.valueOf(sleepMs)));
    }
    parameters.forEach((name, value) -> args.addAll(java.util.List.of("--param", name + "=" + value)));
    if (allowRemote) {
      args.add(LoopbackHttp.ALLOW_REMOTE_OPTION);
    }
    cpuOptions.childArguments().forEach(args::add);
    return args;
  }
}
