package dev.ioloop.bench.perf;

import dev.ioloop.tooling.cli.ExitCode;
import dev.ioloop.tooling.cli.LabCommandLine;
import dev.ioloop.tooling.cli.MissingEnvironmentException;
import dev.ioloop.tooling.cpu.CpuPartition;
import dev.ioloop.tooling.cpu.CpuSet;
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
 * {@code ./ioloop bench}: the lab's servers side by side with Netty (NIO and epoll) and Helidon under wrk, on
 * partitioned cores, written to {@code docs/performance.md} and {@code docs/performance.svg}; or, with
 * {@code --spread}, what partitioning does to the spread of the figures. The launcher builds the bench jar and runs
 * this with {@code -Dioloop.root} set to the checkout.
 */
@Command(
    name = "ioloop bench",
    mixinStandardHelpOptions = true,
    description = {
        "Runs wrk against each server in turn (each its own JVM on loopback, started and stopped here), round after"
            + " round, and writes the medians and ratios to docs/performance.md and a chart to docs/performance.svg.",
        "Cores: with two CPUs or more, every server JVM runs on the server CPUs and wrk (one thread per load CPU) and"
            + " the /api/noblock backend on the load CPUs, disjoint, through taskset: by default the first half of the"
            + " CPUs for the server, the rest for the load (here: ${bench.cores}).",
        "--sweep and --spread are runs of their own: /api/sleep at more and more connections; what partitioning does"
            + " to the spread of the figures (rounds alternating partitioned and shared). Each writes its own section"
            + " of docs/performance.md.",
        "Needs wrk (Debian package 'wrk'). The full run takes about 25 minutes, --quick a few; --spread about 7,"
            + " --spread --quick about 2."})
public final class BenchCommand implements Callable<Integer> {
  /** SIGTERM, then SIGKILL after this: a server gets its graceful shutdown, but no more. */
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);
  static final String BENCH_SERVERS = "reactor,loom,jetty,platform,netty,netty-epoll,helidon";
  static final String SPREAD_SERVERS = "reactor,loom";

  @Option(names = "--servers", split = ",", paramLabel = "NAME",
      description = "which servers, in the order each round runs them (default: " + BENCH_SERVERS + "; with --spread: "
          + SPREAD_SERVERS + ")")
  List<String> servers;

  @Option(names = "--quick", description = "3 s runs and one memory round: a few minutes, for a first look")
  boolean quick;

  @Option(names = "--jfr", description = "record every server with JFR (target/perf/*.jfr) to profile it")
  boolean jfr;

  @Option(names = "--no-report", description = "print the figures only; leave docs/ as it is")
  boolean noReport;

  @Option(names = "--shared-cpus", description = "no partition: the servers, wrk and the backend share every core"
      + " (the first round's way)")
  boolean sharedCpus;

  @Option(names = "--server-cpus", paramLabel = "LIST", description = "the server JVMs' CPUs, as taskset -c takes"
      + " them (0, 0-1, 0,2-3); with --load-cpus, disjoint from it")
  String serverCpus;

  @Option(names = "--load-cpus", paramLabel = "LIST", description = "wrk's and the backend's CPUs; with --server-cpus")
  String loadCpus;

  @Option(names = "--sweep", description = "instead of the bench: /api/sleep at 250 to 15,000 connections on each"
      + " server, CPU and live heap per request at each step, into docs/performance.md and"
      + " docs/performance-sweep.svg (about 12 minutes for every server; --quick: 3 shorter steps)")
  boolean sweep;

  @Option(names = "--spread", description = "instead of the bench: ${bench.spread} each of partitioned and shared"
      + " cores, alternating, on /api/hello (64 conn.) and /api/sleep?ms=100 (5,000 conn.), after a warm-up; median,"
      + " min, max and (max-min)/median of req/s and server CPU per request, per server and mode; servers twice at"
      + " once (pinned on their bench port, shared 100 above)")
  boolean spread;

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
    // For the help text: what the default partition is here, what --spread runs.
    System.setProperty("bench.cores", CpuPartition.halves().describe());
    System.setProperty("bench.spread", SpreadRun.Plan.full(List.of()).describe() + " (--quick: "
        + SpreadRun.Plan.quick(List.of()).describe() + ")");
    return LabCommandLine.of(new BenchCommand(args));
  }

  @Override
  public Integer call() throws Exception {
    Path root = Path.of(System.getProperty("ioloop.root", ".")).toAbsolutePath().normalize();
    List<Server> selected = selectedServers();
    CpuPartition cpus = cpus();
    selected.forEach(Server::requireRunnable);
    Server.Jars jars = new Server.Jars(root.resolve("modules/app/target/ioloop-app.jar"),
        root.resolve("bench/target/benchmarks.jar"));
    for (Path jar : List.of(jars.app(), jars.bench())) {
      if (!Files.isRegularFile(jar)) {
        throw new MissingEnvironmentException(jar + " is missing", "run through ./ioloop bench, which builds it");
      }
    }
    String startedAt = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
    String loadBefore = Machine.loadAverage();
    if (sweep) {
      return sweep(root, jars, quick ? SweepSettings.quick(selected) : SweepSettings.full(selected), cpus, startedAt,
          loadBefore);
    }
    return spread ? spread(root, jars, selected, cpus, startedAt) : bench(root, jars, selected, cpus, startedAt,
        loadBefore);
  }

  /** Where every run's logs and recordings go, and its progress: the console. */
  private static Launcher launcher(Path root, Server.Jars jars, ChildProcesses processes) {
    return new Launcher(jars, root.resolve("target/perf"), processes, System.out::println);
  }

  private int bench(Path root, Server.Jars jars, List<Server> selected, CpuPartition cpus, String startedAt,
      String loadBefore) throws IOException, InterruptedException {
    Settings settings = quick ? Settings.quick(selected, jfr) : Settings.full(selected, jfr);
    PerformanceRun run;
    try (ChildProcesses processes = new ChildProcesses(STOP_GRACE)) {
      run = new PerformanceRun(settings, cpus, launcher(root, jars, processes));
      run.run();
    }
    Report report = new Report(settings, run.results(), run.byteDifferences(), header(command(), startedAt, settings,
        cpus, loadBefore + " before, " + Machine.loadAverage() + " after"));
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

  private int sweep(Path root, Server.Jars jars, SweepSettings settings, CpuPartition cpus, String startedAt,
      String loadBefore) throws IOException, InterruptedException {
    SweepRun run;
    try (ChildProcesses processes = new ChildProcesses(STOP_GRACE)) {
      run = new SweepRun(settings, cpus, launcher(root, jars, processes));
      run.run();
    }
    SweepReport report = new SweepReport(settings, run.steps(), run.skipped(), sweepHeader(command(), startedAt,
        settings, cpus, loadBefore + " before, " + Machine.loadAverage() + " after"));
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

  private int spread(Path root, Server.Jars jars, List<Server> selected, CpuPartition cpus, String startedAt)
      throws IOException, InterruptedException {
    SpreadRun.Plan plan = quick ? SpreadRun.Plan.quick(selected) : SpreadRun.Plan.full(selected);
    SpreadRun run;
    try (ChildProcesses processes = new ChildProcesses(STOP_GRACE)) {
      run = new SpreadRun(plan, cpus, launcher(root, jars, processes));
      run.run();
    }
    SpreadReport report = new SpreadReport(plan, run.results(), spreadHeader(command(), startedAt, plan, cpus));
    System.out.println(report.markdown());
    if (!noReport) {
      report.writeInto(root.resolve("docs/performance.md"));
      System.out.println("written: docs/performance.md (the spread section)");
    }
    return ExitCode.OK;
  }

  private List<Server> selectedServers() {
    List<String> names = servers != null ? servers : List.of((spread ? SPREAD_SERVERS : BENCH_SERVERS).split(","));
    try {
      return names.stream().map(Server::named).distinct().toList();
    } catch (IllegalArgumentException unknown) {
      throw new ParameterException(spec.commandLine(), unknown.getMessage(), unknown);
    }
  }

  /** Where each side runs: halves by default, the lists given, or shared; what cannot be is a usage error. */
  private CpuPartition cpus() {
    if (sharedCpus && (serverCpus != null || loadCpus != null)) {
      throw new ParameterException(spec.commandLine(),
          "--shared-cpus and --server-cpus/--load-cpus contradict each other: give one or the other");
    }
    if (sharedCpus && spread) {
      throw new ParameterException(spec.commandLine(),
          "--spread compares partitioned with shared cores itself: leave out --shared-cpus");
    }
    if (sweep && spread) {
      throw new ParameterException(spec.commandLine(), "--sweep and --spread are two runs: give one of them");
    }
    if (jfr && sweep) {
      throw new ParameterException(spec.commandLine(), "--jfr records the bench, not --sweep: profile a step of the"
          + " sweep by hand (docs/performance.md, 'Profiling it yourself')");
    }
    if (jfr && spread) {
      throw new ParameterException(spec.commandLine(), "--jfr records the bench's servers, not --spread's");
    }
    CpuPartition cpus;
    try {
      cpus = sharedCpus ? CpuPartition.SHARED
          : serverCpus == null && loadCpus == null ? CpuPartition.halves() : CpuPartition.of(serverCpus, loadCpus);
    } catch (IllegalArgumentException bad) {
      throw new ParameterException(spec.commandLine(), "--server-cpus/--load-cpus: " + bad.getMessage(), bad);
    }
    if (spread && !cpus.partitioned()) {
      throw new MissingEnvironmentException("--spread needs two CPUs or more to partition; this machine offers "
          + CpuSet.available(), "run it on a machine with two cores or more");
    }
    return cpus;
  }

  private String command() {
    return ("./ioloop bench " + String.join(" ", args)).strip();
  }

  /** The chart docs/performance.md embeds. */
  static void writeChart(Settings settings, Results results, Path file) throws IOException {
    Files.writeString(file, PerformanceChart.render(settings, results));
  }

  /** When, where and how the bench ran, as the report's first lines. */
  static String header(String command, String startedAt, Settings settings, CpuPartition cpus, String load)
      throws IOException {
    return String.format("""
        ## Run of %s

        - Command: `%s`
        %s
        - %d rounds of %d s wrk runs per scenario and server, after a %d s warm-up run of each; servers in the order
          %s, the same order each round.

        ![medians](performance.svg)
        """, startedAt, command, environment(cpus, load), settings.rounds(), settings.runLength().toSeconds(),
        settings.warmUpLength().toSeconds(), labels(settings.servers()));
  }

  /** When, where and how the sweep ran. */
  static String sweepHeader(String command, String startedAt, SweepSettings settings, CpuPartition cpus, String load)
      throws IOException {
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
        """, startedAt, command, environment(cpus, load), SweepLoad.MAX_OFFERED_RATE, labels(settings.servers()),
        settings.warmUpLength().toSeconds(), settings.runLength().toSeconds(), SweepRun.HOLD_SLEEP.toSeconds());
  }

  /** The lines the bench's and the sweep's headers share: the machine and its load, the cores, the JDK and flags. */
  private static String environment(CpuPartition cpus, String load) throws IOException {
    return String.format("""
        - Machine: %s; shared and noisy (other jobs run beside it: 1-minute load average %s the run); on loopback.
        - Cores: %s.
        - JDK: %s; every server JVM: `%s`.""", Machine.describe(), load, Machine.cores(cpus), Runtime.version(),
        String.join(" ", Server.JVM_FLAGS));
  }

  /** When, where and how the spread ran, and how to read it. */
  static String spreadHeader(String command, String startedAt, SpreadRun.Plan plan, CpuPartition partitioned)
      throws IOException {
    return String.format("""
        ## Spread run of %s

        - Command: `%s`
        - Machine: %s; JDK %s; every server JVM: `%s`.
        - Partitioned rounds: %s.
        - Shared rounds: %s.
        - Method: each server runs as two JVMs at once, one pinned (its bench port) and one on every core (its port
          + %d), so that rounds alternate without a restart: a warm-up run of each scenario on each JVM, then %s
          of each mode, partitioned then shared, each round every scenario on every server (%s) in the same order.
          Spread = (max - min) / median over the rounds of one mode.

        """, startedAt, command, Machine.describe(), Runtime.version(), String.join(" ", Server.JVM_FLAGS),
        Machine.cores(partitioned), Machine.cores(CpuPartition.SHARED), SpreadRun.SHARED_PORT_OFFSET, plan.describe(),
        labels(plan.servers()));
  }

  private static String labels(List<Server> servers) {
    return String.join(", ", servers.stream().map(server -> server.label).toList());
  }
}
