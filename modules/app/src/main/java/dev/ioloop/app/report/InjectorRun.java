package dev.ioloop.app.report;

import dev.ioloop.app.load.CpuSamples;
import dev.ioloop.app.load.InjectorShare;
import dev.ioloop.app.load.LoadSpec;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * One injector's share of a scaled-out run ({@code ./ioloop load --injector K/N}): what it was asked to offer
 * ({@code injector.properties}, written by the load command beside Gatling's output), its simulation log, and its
 * Gatling JVM's CPU use ({@code cpu.tsv}).
 *
 * @param info      what the injector was asked to do: run, k, n, host, simulation, label, target, model, users, rate
 * @param report    its own Gatling report directory (index.html and simulation.log)
 * @param log       its simulation log, read with Gatling's reader
 * @param cpu       its Gatling JVM's CPU samples; none when the file is missing
 */
public record InjectorRun(Properties info, Path report, SimulationLog log, CpuSamples cpu) {
  public static final String INFO_FILE = "injector.properties";
  /** Mean CPU use over the injection window past which an injector is flagged as saturated. */
  public static final double SATURATED_MEAN_CPU = 0.80;
  /** CPU use over the busiest second past which an injector is flagged as saturated. */
  public static final double SATURATED_PEAK_CPU = 0.95;
  /** Open model: an injector that started fewer than this share of the users it was asked for did not keep up. */
  public static final double OPEN_MODEL_SHORTFALL = 0.95;

  /** Whether this Gatling report directory was written by one injector of a scaled-out run. */
  public static boolean isInjectorReport(Path report) {
    return Files.isRegularFile(report.getParent().resolve(INFO_FILE));
  }

  /** Writes what the injector is asked to do into its folder. */
  public static void writeInfo(Path injectorFolder, Properties info) throws IOException {
    Files.createDirectories(injectorFolder);
    try (Writer writer = Files.newBufferedWriter(injectorFolder.resolve(INFO_FILE))) {
      info.store(writer, "one injector of a scaled-out run (./ioloop load --injector K/N)");
    }
  }

  /** What the merge needs to know of this injector: which run, which share, what it was asked to offer, where. */
  public static Properties info(LoadSpec load, InjectorShare share, String run) {
    Properties info = new Properties();
    info.setProperty("run", run);
    info.setProperty("k", String.valueOf(share.k()));
    info.setProperty("n", String.valueOf(share.n()));
    info.setProperty("host", hostName());
    info.setProperty("simulation", load.simulationName());
    info.setProperty("label", load.label());
    info.setProperty("target", load.target().toString());
    info.setProperty("model", load.model());
    info.setProperty("users", String.valueOf(load.users()));
    info.setProperty("rate", String.valueOf(load.rate()));
    info.setProperty("ramp_s", String.valueOf(load.ramp().toMillis() / 1000.0));
    info.setProperty("warmup_s", String.valueOf(load.warmup().toMillis() / 1000.0));
    info.setProperty("duration_s", String.valueOf(load.duration().toMillis() / 1000.0));
    info.setProperty("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
    return info;
  }

  /** This machine's name as the kernel has it (no lookup); an injector's name on the merged page. */
  public static String hostName() {
    try {
      return java.nio.file.Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
    } catch (java.io.IOException | RuntimeException e) {
      String fromEnvironment = System.getenv("HOSTNAME");
      return fromEnvironment != null ? fromEnvironment : "unknown";
    }
  }

  public static InjectorRun read(Path report, List<Path> gatlingClasspath) throws IOException {
    Path folder = report.getParent();
    Properties info = new Properties();
    try (Reader reader = Files.newBufferedReader(folder.resolve(INFO_FILE))) {
      info.load(reader);
    }
    SimulationLog log = SimulationLog.read(SimulationLog.in(report), gatlingClasspath);
    CpuSamples cpu = Files.isRegularFile(folder.resolve(CpuSamples.FILE_NAME))
        ? CpuSamples.read(folder) : new CpuSamples(1, List.of());
    return new InjectorRun(info, report, log, cpu);
  }

  public String run() {
    return info.getProperty("run");
  }

  public int k() {
    return Integer.parseInt(info.getProperty("k"));
  }

  public int n() {
    return Integer.parseInt(info.getProperty("n"));
  }

  /** "injector 1/2 on host" */
  public String name() {
    return "injector " + k() + "/" + n() + " on " + info.getProperty("host", "?");
  }

  public String label() {
    return info.getProperty("label");
  }

  /** What groups injectors into one merged run: the run's name, the server's label and the simulation. */
  public String groupKey() {
    return run() + "\n" + label() + "\n" + info.getProperty("simulation");
  }

  public long requests() {
    return log.requests().size();
  }

  public long ok() {
    return log.requests().stream().filter(SimulationLog.Request::ok).count();
  }

  /** The injection window in seconds: from the run's first user to its last record. */
  public double windowSeconds() {
    return Math.max(1, log.injectEndMillis() - log.injectStartMillis()) / 1000.0;
  }

  /** The load it actually offered: requests sent per second over its injection window. */
  public double offeredPerSecond() {
    return requests() / windowSeconds();
  }

  /** Virtual users it started per second over its injection window. */
  public double usersPerSecond() {
    return log.usersStarted() / windowSeconds();
  }

  /** Its Gatling JVM's mean CPU use over the injection window, as a share of its cores (NaN: not sampled). */
  public double cpuMean() {
    return cpu.utilization(log.injectStartMillis(), log.injectEndMillis());
  }

  /** Its busiest second's CPU use within the injection window, as a share of its cores. */
  public double cpuPeak() {
    return cpu.peakUtilization(log.injectStartMillis(), log.injectEndMillis());
  }

  /**
   * Open model: the users it was asked to start (ramp from 0 to the rate, then the rate for the warm-up and the
   * duration).
   */
  public double usersAsked() {
    double rate = Double.parseDouble(info.getProperty("rate", "0"));
    double ramp = Double.parseDouble(info.getProperty("ramp_s", "0"));
    double warmup = Double.parseDouble(info.getProperty("warmup_s", "0"));
    double duration = Double.parseDouble(info.getProperty("duration_s", "0"));
    return rate * (ramp / 2 + warmup + duration);
  }

  /** Why the injector, not the server, may have limited the load; empty when nothing says so. */
  public String saturation() {
    StringBuilder why = new StringBuilder();
    if (cpuMean() >= SATURATED_MEAN_CPU) {
      why.append(String.format(java.util.Locale.ROOT, "mean CPU %.0f%% of its cores; ", 100 * cpuMean()));
    }
    if (cpuPeak() >= SATURATED_PEAK_CPU) {
      why.append(String.format(java.util.Locale.ROOT, "busiest second %.0f%% of its cores; ", 100 * cpuPeak()));
    }
    if ("open".equals(info.getProperty("model")) && usersAsked() > 0
        && log.usersStarted() < OPEN_MODEL_SHORTFALL * usersAsked()) {
      why.append(String.format(java.util.Locale.ROOT, "started %d of %.0f users asked; ", log.usersStarted(),
          usersAsked()));
    }
    return why.isEmpty() ? "" : why.substring(0, why.length() - 2);
  }
}
