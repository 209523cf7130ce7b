package dev.ioloop.bench.perf;

import dev.ioloop.tooling.cli.ExitCode;
import dev.ioloop.tooling.cli.LabCommandLine;
import dev.ioloop.tooling.cli.MissingEnvironmentException;
import dev.ioloop.tooling.process.ChildProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./ioloop bench}: the lab's servers side by side with Netty and Helidon under wrk, written to
 * {@code docs/performance.md} and {@code docs/performance.svg}. The launcher builds the bench jar and runs this with
 * {@code -Dioloop.root} set to the checkout.
 */
@Command(
    name = "ioloop bench",
    mixinStandardHelpOptions = true,
    description = {
        "Runs wrk against each server in turn (each its own JVM on loopback, started and stopped here), round after"
            + " round, and writes the medians and ratios to docs/performance.md and a chart to docs/performance.svg.",
        "Needs wrk (Debian package 'wrk'). The full run takes about 20 minutes; --quick a few."})
public final class BenchCommand implements Callable<Integer> {
  /** SIGTERM, then SIGKILL after this: a server gets its graceful shutdown, but no more. */
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  @Option(names = "--servers", split = ",", defaultValue = "reactor,loom,jetty,platform,netty,helidon",
      description = "which servers, in the order each round runs them (default: ${DEFAULT-VALUE})")
  List<String> servers;

  @Option(names = "--quick", description = "3 s runs and one memory round: a few minutes, for a first look")
  boolean quick;

  @Option(names = "--jfr", description = "record every server with JFR (target/perf/*.jfr) to profile it")
  boolean jfr;

  @Option(names = "--no-report", description = "print the figures only; leave docs/ as it is")
  boolean noReport;

  @Option(names = "--sweep", description = "instead of the bench: /api/sleep at 250 to 15,000 connections on each"
      + " server, CPU and live heap per request at each step, into docs/performance.md and"
      + " docs/performance-sweep.svg (about 12 minutes for every server; --quick: 3 shorter steps)")
  boolean sweep;

  @Spec CommandSpec spec;

  private final String[] args;

  BenchCommand(String[] args) {
    this.args = args;
  }

  public static void main(String[] args) {
    System.exit(commandLine(args).execute(args));
  }

  /** The bench's command line, with the conventions of every ioloop command (exit codes, one-line errors). */
  static CommandLine commandLine(String[] args) {
    return LabCommandLine.of(new BenchCommand(args));
  }

  @Override
  public Integer call() throws Exception {
    Path root = Path.of(System.getProperty("ioloop.root", ".")).toAbsolutePath().normalize();
    List<Server> selected;
    try {
      selected = servers.stream().map(Server::named).distinct().toList();
    } catch (IllegalArgumentException unknown) {
      throw new ParameterException(spec.commandLine(), unknown.getMessage(), unknown);
    }
    if (sweep && jfr) {
      throw new ParameterException(spec.commandLine(), "--jfr records the bench, not --sweep: profile a step of the"
          + " sweep by hand (docs/performance.md, 'Profiling it yourself')");
    }
    Server.Jars jars = new Server.Jars(root.resolve("modules/app/target/ioloop-app.jar"),
        root.resolve("bench/target/benchmarks.jar"));
    for (Path jar : List.of(jars.app(), jars.bench())) {
      if (!Files.isRegularFile(jar)) {
        throw new MissingEnvironmentException(jar + " is missing", "run through ./ioloop bench, which builds it");
      }
    }
    if (sweep) {
      return sweep(root, quick ? SweepSettings.quick(selected) : SweepSettings.full(selected), jars);
    }
    Settings settings = quick ? Settings.quick(selected, jfr) : Settings.full(selected, jfr);
    String startedAt = now();
    String loadBefore = loadAverage();
    PerformanceRun run;
    try (ChildProcesses processes = new ChildProcesses(STOP_GRACE)) {
      run = new PerformanceRun(settings, jars, root.resolve("target/perf"), processes, System.out::println);
      run.run();
    }
    Report report = new Report(settings, run.results(), run.byteDifferences(), header(startedAt, settings, loadBefore + " before, " + loadAverage() + " after"));
    if (noReport) {
      System.out.println(report.markdown());
      return ExitCode.OK;
    }
    report.writeInto(root.resolve("docs/performance.md"));
    writeChart(settings, run.results(), root.resolve("docs/performance.svg"));
    System.out.println(report.markdown());
    System.out.println("written: docs/performance.md, docs/performance.svg");
    return ExitCode.OK;
  }

  private Integer sweep(Path root, SweepSettings settings, Server.Jars jars) throws Exception {
    String startedAt = now();
    String loadBefore = loadAverage();
    SweepRun run;
    try (ChildProcesses processes = new ChildProcesses(STOP_GRACE)) {
      run = new SweepRun(settings, jars, root.resolve("target/perf"), processes, System.out::println);
      run.run();
    }
    SweepReport report = new SweepReport(settings, run.steps(), run.skipped(),
        sweepHeader(startedAt, settings, loadBefore + " before, " + loadAverage() + " after"));
    if (noReport) {
      System.out.println(report.markdown());
      return ExitCode.OK;
    }
    report.writeInto(root.resolve("docs/performance.md"));
    Files.writeString(root.resolve("docs/performance-sweep.svg"), SweepChart.render(settings, run.steps()));
    System.out.println(report.markdown());
    System.out.println("written: docs/performance.md, docs/performance-sweep.svg");
    return ExitCode.OK;
  }

  /** The chart docs/performance.md embeds. */
  static void writeChart(Settings settings, Results results, Path file) throws IOException {
    Files.writeString(file, PerformanceChart.render(settings, results));
  }

  private String header(String startedAt, Settings settings, String load) throws IOException {
    return String.format("""
        ## Run of %s

        - Command: `%s`
        %s
        - %d rounds of %d s wrk runs per scenario and server, after a %d s warm-up run of each; servers in the order
          %s, the same order each round.

        ![medians](performance.svg)
        """, startedAt, command(), machine(load), settings.rounds(), settings.runLength().toSeconds(),
        settings.warmUpLength().toSeconds(), labels(settings.servers()));
  }

  private String sweepHeader(String startedAt, SweepSettings settings, String load) throws IOException {
    return String.format("""
        ## Sweep of %s

        - Command: `%s`
        %s
        - At each step, `/api/sleep` (100 ms, longer where connections / 100 ms would ask wrk for more than %,d req/s)
          on each server in turn, in the order %s: a %d s warm-up run, a %d s measured run (throughput, the
          server's CPU from `/proc/PID/stat`, wrk's from this process's ended children), then a separate hold of the
          step's connections each waiting in a %d s sleep while `jcmd GC.run` and `GC.heap_info` take the live heap,
          minus the server's idle figure (after one warm-up, before the first step), per connection held.

        ![sweep](performance-sweep.svg)
        """, startedAt, command(), machine(load), SweepLoad.MAX_OFFERED_RATE, labels(settings.servers()),
        settings.warmUpLength().toSeconds(), settings.runLength().toSeconds(), SweepRun.HOLD_SLEEP.toSeconds());
  }

  private String command() {
    return ("./ioloop bench " + String.join(" ", args)).strip();
  }

  /** The machine, the JDK and the servers' JVM flags: two list items of a header. */
  private static String machine(String load) throws IOException {
    return String.format("""
        - Machine: %s, %d cores seen by the JVM, %s RAM, Linux %s; shared and noisy (other jobs run beside it:
          1-minute load average %s the run); wrk (2 threads) and every server share the same cores, on loopback.
        - JDK: %s; every server JVM: `%s`.""", cpuModel(), Runtime.getRuntime().availableProcessors(), memTotal(),
        System.getProperty("os.version"), load, Runtime.version(), String.join(" ", Server.JVM_FLAGS));
  }

  private static String labels(List<Server> servers) {
    return String.join(", ", servers.stream().map(server -> server.label).toList());
  }

  private static String now() {
    return ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
  }

  /** The 1-minute load average: how busy the shared machine was, the run's own load included. */
  private static String loadAverage() throws IOException {
    return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
  }

  private static String cpuModel() throws IOException {
    return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(line -> line.startsWith("model name"))
        .findFirst().map(line -> line.substring(line.indexOf(':') + 1).trim()).orElse("unknown CPU");
  }

  private static String memTotal() throws IOException {
    return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(line -> line.startsWith("MemTotal"))
        .findFirst().map(line -> Long.parseLong(line.replaceAll("\\D", "")) / (1024 * 1024) + " GiB").orElse("?");
  }
}
