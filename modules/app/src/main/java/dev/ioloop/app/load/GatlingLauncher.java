package dev.ioloop.app.load;

import dev.ioloop.tooling.cpu.CpuPartition;
import dev.ioloop.tooling.cpu.CpuSet;
import dev.ioloop.tooling.process.ChildProcesses;
import dev.ioloop.tooling.process.JavaCommand;
import java.io.File;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs one simulation in its own JVM, as gatling-maven-plugin does ({@code io.gatling.app.Gatling} with the same
 * class path and JVM arguments), without Maven's start-up on every run: a demo makes a dozen runs.
 */
public final class GatlingLauncher {
  private static final String GATLING_MAIN = "io.gatling.app.Gatling";
  /** Where the report's index.html sits: Gatling names the directory {@code <simulation>-<timestamp>}. */
  private static final String REPORT_PAGE = "index.html";
  private static final int LOG_TAIL_LINES = 30;
  private static final long CPU_SAMPLE_MS = 250;
  private static final String HOSTS_FILE_PROPERTY = "-Djdk.net.hosts.file=";

  private final GatlingInstallation installation;
  private final ChildProcesses processes;
  private final CpuPartition cpus;

  public GatlingLauncher(GatlingInstallation installation, ChildProcesses processes) {
    this(installation, processes, CpuPartition.SHARED);
  }

  /** Gatling's JVMs on the load CPUs of {@code cpus}. */
  public GatlingLauncher(GatlingInstallation installation, ChildProcesses processes, CpuPartition cpus) {
    this.installation = installation;
    this.processes = processes;
    this.cpus = cpus;
  }

  /** The simulations and Gatling it runs: their class path also reads a run's simulation.log. */
  public GatlingInstallation installation() {
    return installation;
  }

  /** Where its Gatling JVMs run, and the servers beside them. */
  public CpuPartition cpus() {
    return cpus;
  }

  /**
   * Runs {@code spec}, writing the report under {@code resultsDirectory} (created; it must hold no other run) and
   * Gatling's console to {@code output} (a file, or inherited). Throws when Gatling crashes or hangs.
   */
  public GatlingRun run(LoadSpec spec, Path resultsDirectory, ProcessBuilder.Redirect output)
      throws IOException, InterruptedException {
    Files.createDirectories(resultsDirectory);
    List<String> command = new ArrayList<>();
    command.add(JavaCommand.javaBinary().toString());
    command.addAll(jvmArgs(spec, resultsDirectory));
    command.addAll(spec.systemProperties());
    command.add("-cp");
    command.add(String.join(File.pathSeparator, installation.classpath().stream().map(Path::toString).toList()));
    command.add(GATLING_MAIN);
    // Gatling reads the run description Base64-encoded (UTF-8), as the plugin passes it; a plain word is garbled.
    String description = Base64.getEncoder().encodeToString(spec.label().getBytes(StandardCharsets.UTF_8));
    command.addAll(List.of("-s", spec.simulationClass(), "-rf", resultsDirectory.toAbsolutePath().toString(),
        "-rd", description));

    long start = System.nanoTime();
    Process gatling = processes.start(new ProcessBuilder(cpus.onLoadCpus(command))
        .redirectErrorStream(true)
        .redirectOutput(output)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))));
    boolean finished;
    List<CpuSamples.Sample> cpu = new ArrayList<>();
    try {
      finished = waitSampling(gatling, spec.timeLimit().toMillis(), cpu);
    } finally {
      processes.stop(gatling); // a no-op once it exited; stops it when this thread is interrupted
    }
    int cores = cpus.load().map(CpuSet::size).orElse(Runtime.getRuntime().availableProcessors());
    new CpuSamples(cores, cpu).write(resultsDirectory);
    if (!finished) {
      throw new IOException(spec.simulationName() + " against " + spec.target() + " ran past its limit of "
          + spec.timeLimit().toSeconds() + " s and was stopped" + logTail(output));
    }
    if (processes.stopping()) {
      throw new InterruptedIOException("stopped: Ctrl-C or a shutdown while " + spec.simulationName() + " ran");
    }
    int exitCode = gatling.exitValue();
    Path report = reportIn(resultsDirectory);
    if ((exitCode != 0 && exitCode != GatlingRun.ASSERTIONS_FAILED) || report == null) {
      throw new IOException("Gatling failed (exit status " + exitCode + ") running " + spec.simulationName()
          + " against " + spec.target() + logTail(output));
    }
    return new GatlingRun(report, exitCode, (System.nanoTime() - start) / 1e9);
  }

  /**
   * Waits for Gatling to exit, at most {@code limitMs}, sampling the CPU time its JVM has used every
   * {@value #CPU_SAMPLE_MS} ms (the injector's own CPU use, which says whether the injector kept up).
   */
  private static boolean waitSampling(Process gatling, long limitMs, List<CpuSamples.Sample> cpu)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + limitMs;
    ProcessHandle handle = gatling.toHandle();
    while (true) {
      handle.info().totalCpuDuration()
          .ifPresent(used -> cpu.add(new CpuSamples.Sample(System.currentTimeMillis(), used.toMillis())));
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        return !gatling.isAlive();
      }
      if (gatling.waitFor(Math.min(left, CPU_SAMPLE_MS), TimeUnit.MILLISECONDS)) {
        return true;
      }
    }
  }

  /**
   * The installation's JVM arguments; with --allow-remote and a target named (not an address), the hosts file the
   * Gatling JVM resolves with also maps that name, to the address this machine resolves it to now: no other name
   * resolves there, so Gatling's own outside calls still go nowhere. Analytics stay off either way.
   */
  private List<String> jvmArgs(LoadSpec spec, Path resultsDirectory) throws IOException {
    String host = spec.target().getHost();
    if (!spec.allowRemote() || host.equals("localhost") || isLiteral(host)) {
      return installation.jvmArgs();
    }
    Path hosts = resultsDirectory.toAbsolutePath().resolve("gatling.hosts");
    Files.writeString(hosts, hostsFile(host, java.net.InetAddress.getByName(host)));
    List<String> arguments = new ArrayList<>();
    for (String argument : installation.jvmArgs()) {
      arguments.add(argument.startsWith(HOSTS_FILE_PROPERTY) ? HOSTS_FILE_PROPERTY + hosts : argument);
    }
    return arguments;
  }

  /** The Gatling JVM's hosts file for a remote target named {@code host}: that name and localhost, nothing else. */
  static String hostsFile(String host, java.net.InetAddress address) {
    return "# the target's name and localhost only (./ioloop load --allow-remote)\n"
        + "127.0.0.1 localhost\n::1 localhost\n" + address.getHostAddress() + " " + host + "\n";
  }

  private static boolean isLiteral(String host) {
    try {
      java.net.InetAddress.ofLiteral(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
      return true;
    } catch (IllegalArgumentException name) {
      return false;
    }
  }

  private static Path reportIn(Path resultsDirectory) throws IOException {
    try (Stream<Path> runs = Files.list(resultsDirectory)) {
      List<Path> reports = runs.filter(dir -> Files.isRegularFile(dir.resolve(REPORT_PAGE))).toList();
      if (reports.size() > 1) {
        throw new IOException(resultsDirectory + " holds several Gatling runs; give each run its own directory");
      }
      return reports.isEmpty() ? null : reports.getFirst();
    }
  }

  private static String logTail(ProcessBuilder.Redirect output) throws IOException {
    if (output.file() == null || !Files.isRegularFile(output.file().toPath())) {
      return ": see Gatling's output above";
    }
    List<String> lines = Files.readAllLines(output.file().toPath());
    return "; the end of " + output.file() + ":\n  "
        + String.join("\n  ", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
  }
}
