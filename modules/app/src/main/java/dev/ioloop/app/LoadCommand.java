package dev.ioloop.app;

import dev.ioloop.app.load.GatlingInstallation;
import dev.ioloop.app.load.GatlingLauncher;
import dev.ioloop.app.load.GatlingRun;
import dev.ioloop.app.load.LoadSpec;
import dev.ioloop.app.load.TargetProbe;
import dev.ioloop.app.load.TargetUnavailableException;
import dev.ioloop.tooling.process.ChildProcesses;
import dev.ioloop.tooling.cli.DurationConverter;
import dev.ioloop.tooling.cli.ExitCode;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
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
      "One Gatling run of a shared simulation against one server on this machine.",
      "Simulations: Hello, NoBlock, Block, Sleep, Fanout, Cpu, Mixed. Checks first that the target answers"
          + " /api/hello, then prints where the report is.",
      "Exits 1 when nothing answers at the target, or when one of the simulation's assertions failed (the report"
          + " is complete either way)."
    })
final class LoadCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SIMULATION", description = "hello, noblock, block, sleep, fanout, cpu, mixed")
  String simulation;

  @Option(names = "--target", required = true, paramLabel = "URL",
      description = "the server, on loopback: e.g. http://127.0.0.1:8081")
  URI target;

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

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path root = ProjectRoot.find();
    GatlingInstallation installation = GatlingInstallation.in(root);
    LoadSpec load;
    try {
      load = new LoadSpec(installation.simulationClass(simulation), target, users, ramp, duration, model, rate,
          sleepMs == null ? OptionalInt.empty() : OptionalInt.of(sleepMs),
          label != null ? label : target.getAuthority(), parameters);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    try {
      TargetProbe.requireAnswering(load.target());
    } catch (TargetUnavailableException e) {
      // The check this command makes first, before any load: it failed, and the message says what to do.
      err.println("ioloop load: " + e.getMessage());
      return ExitCode.CHECK_FAILED;
    }
    Path resultsDirectory = results != null ? results
        : RunDirectory.timestamped(root, "load-" + load.simulationName().toLowerCase(Locale.ROOT) + "-");
    out.printf(Locale.ROOT, "%s against %s (%s), %d users, %.1f s: Gatling's output %s.%n", load.simulationName(),
        load.target(), load.label(), load.users(), load.duration().toMillis() / 1000.0,
        log == null ? "follows" : "goes to " + log);
    out.flush();
    GatlingRun run;
    try (ChildProcesses processes = new ChildProcesses()) {
      run = new GatlingLauncher(installation, processes).run(load, resultsDirectory,
          log == null ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.to(log.toFile()));
    }
    out.println("report: " + run.reportDirectory().resolve("index.html"));
    if (!run.assertionsPassed()) {
      out.println("an assertion of the simulation failed: see the report's Assertions table");
      return ExitCode.CHECK_FAILED;
    }
    return ExitCode.OK;
  }
}
