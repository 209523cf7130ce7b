package dev.ioloop.app;

import dev.ioloop.app.load.GatlingInstallation;
import dev.ioloop.app.load.InjectorShare;
import dev.ioloop.app.load.LoadSpec;
import dev.ioloop.app.load.TargetProbe;
import dev.ioloop.app.load.TargetUnavailableException;
import dev.ioloop.app.report.Comparison;
import dev.ioloop.app.report.ComparisonTable;
import dev.ioloop.app.report.InjectorRun;
import dev.ioloop.app.report.MergedRun;
import dev.ioloop.app.report.Reports;
import dev.ioloop.app.report.ServerRun;
import dev.ioloop.app.report.SimulationLog;
import dev.ioloop.tooling.cli.ExitCode;
import dev.ioloop.tooling.process.ChildProcesses;
import dev.ioloop.tooling.process.JavaCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/**
 * {@code ./ioloop load ... --injectors N}: N injector processes on this machine, each {@code load --injector K/N}
 * of the same run, started together; then their logs merged into one report (as {@code ./ioloop compare} would).
 * On one machine the injectors share its cores, so this shows the mechanics of a scaled-out run, not more load.
 */
final class LocalInjectors {
  /** Each child's JVM start-up and its own probe, on top of its Gatling run's limit. */
  private static final Duration CHILD_ALLOWANCE = Duration.ofSeconds(60);

  private final CommandLine commandLine;
  private final LoadCommand options;
  private final Path root;

  LocalInjectors(CommandLine commandLine, LoadCommand options, Path root) {
    this.commandLine = commandLine;
    this.options = options;
    this.root = root;
  }

  int run(LoadSpec load, String run, Path runDirectory) throws Exception {
    PrintWriter out = commandLine.getOut();
    PrintWriter err = commandLine.getErr();
    try {
      TargetProbe.requireAnswering(load.target(), load.allowRemote());
    } catch (TargetUnavailableException e) {
      err.println("ioloop load: " + e.getMessage());
      return ExitCode.CHECK_FAILED;
    }
    int n = options.injectors;
    Files.createDirectories(runDirectory);
    out.printf(Locale.ROOT, "%s against %s (%s): %d injectors here, run %s in %s%n", load.simulationName(),
        load.target(), load.label(), n, run, runDirectory);
    out.flush();
    int worst = ExitCode.OK;
    try (ChildProcesses processes = new ChildProcesses()) {
      List<Process> children = new ArrayList<>();
      for (int k = 1; k <= n; k++) {
        InjectorShare share = new InjectorShare(k, n);
        List<String> command = JavaCommand.sameClasspath(
            List.of("-D" + ProjectRoot.PROPERTY + "=" + root, SimulationLog.JVM_ARG),
            Main.class.getName(), options.childArguments(load, run, runDirectory, share));
        children.add(processes.start(new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(runDirectory.resolve(share.folderName() + ".out").toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))));
      }
      long deadline = System.nanoTime() + load.timeLimit().plus(CHILD_ALLOWANCE).toNanos();
      for (int k = 1; k <= n; k++) {
        Process child = children.get(k - 1);
        long left = Math.max(0, deadline - System.nanoTime());
        if (!child.waitFor(left, TimeUnit.NANOSECONDS)) {
          processes.stop(child);
          throw new IOException("injector " + k + "/" + n + " ran past its limit and was stopped; see "
              + runDirectory.resolve("injector-" + k + ".out"));
        }
        int exit = child.exitValue();
        out.println("injector " + k + "/" + n + ": exit " + exit + ", output " + runDirectory.resolve(
            "injector-" + k + ".out"));
        if (exit != ExitCode.OK && exit != ExitCode.CHECK_FAILED) {
          throw new IOException("injector " + k + "/" + n + " failed (exit " + exit + "): "
              + String.join("\n  ", Files.readAllLines(runDirectory.resolve("injector-" + k + ".out"))));
        }
        worst = Math.max(worst, exit);
      }
    }
    List<ServerRun> runs = MergedRun.read(Reports.find(List.of(runDirectory)),
        GatlingInstallation.in(root).classpath());
    Comparison comparison = Comparison.of(runs);
    Path page = CompareCommand.write(comparison, runDirectory);
    out.print(ComparisonTable.text(comparison));
    for (ServerRun merged : runs) {
      long sum = 0;
      for (InjectorRun injector : merged.injectors()) {
        out.printf(Locale.ROOT, "  %s: %d requests (%d OK), offered %.1f req/s, CPU mean %s%s%n", injector.name(),
            injector.requests(), injector.ok(), injector.offeredPerSecond(), percent(injector.cpuMean()),
            injector.saturation().isEmpty() ? "" : ", SATURATED: " + injector.saturation());
        sum += injector.requests();
      }
      out.printf(Locale.ROOT, "  merged: %d requests = the sum of the %d logs (%d)%n",
          merged.report().global().total(), merged.injectors().size(), sum);
    }
    out.println("comparison: " + page);
    return worst;
  }

  private static String percent(double share) {
    return Double.isNaN(share) ? "-" : String.format(Locale.ROOT, "%.0f%%", 100 * share);
  }
}
