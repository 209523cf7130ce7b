package dev.ioloop.app.report;

import dev.ioloop.app.load.CpuSamples;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;

/**
 * Where a run's server and its load generator ran, and what the load generator itself used meanwhile: a row's
 * req/s on shared cores is the server's share of them, Gatling taking the rest.
 *
 * @param cpus        the partition's description ({@code CpuPartition.describe()}); empty when not recorded
 * @param partitioned whether server and load ran on disjoint CPUs
 * @param loadCores   the cores Gatling's JVM kept busy while the server was loaded (1.0 is one core); NaN unknown
 * @param loadCpus    the cores it could use (its CPU set, or the machine's); 0 unknown
 */
public record Placement(String cpus, boolean partitioned, double loadCores, int loadCpus) {
  public static final String FILE_NAME = "placement.properties";
  public static final Placement UNKNOWN = new Placement("", false, Double.NaN, 0);

  /**
   * Whether Gatling kept its cores as busy as a saturated injector's: then it may have set the pace, not the server.
   */
  public boolean loadSaturated() {
    return loadCpus > 0 && loadCores >= InjectorRun.SATURATED_MEAN_CPU * loadCpus;
  }

  /** Beside a report: where its server and load ran. */
  public static void write(Path reportDirectory, String cpus, boolean partitioned) throws IOException {
    Properties properties = new Properties();
    properties.setProperty("cpus", cpus);
    properties.setProperty("partitioned", Boolean.toString(partitioned));
    try (Writer writer = Files.newBufferedWriter(reportDirectory.resolve(FILE_NAME))) {
      properties.store(writer, "where the server and the load generator ran (./ioloop demo)");
    }
  }

  /**
   * A report's placement, with Gatling's CPU over the {@code loaded} window of its samples from the {@code cpu.tsv}
   * its launcher wrote beside the report, {@code samplesStart} being when the samples began
   * ({@link StatsSamples#readStart}); UNKNOWN where the run recorded none.
   */
  public static Placement read(Path reportDirectory, Optional<LoadedWindow> loaded, OptionalLong samplesStart)
      throws IOException {
    Path file = reportDirectory.resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      return UNKNOWN;
    }
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    }
    String cpus = properties.getProperty("cpus", "");
    boolean partitioned = Boolean.parseBoolean(properties.getProperty("partitioned"));
    Path results = reportDirectory.toAbsolutePath().getParent();
    if (loaded.isEmpty() || samplesStart.isEmpty() || !Files.isRegularFile(results.resolve(CpuSamples.FILE_NAME))) {
      return new Placement(cpus, partitioned, Double.NaN, 0);
    }
    CpuSamples cpu = CpuSamples.read(results);
    LoadedWindow window = loaded.get();
    return new Placement(cpus, partitioned, cpu.cores() * cpu.utilization(samplesStart.getAsLong()
        + window.fromMillis(), samplesStart.getAsLong() + window.toMillis()), cpu.cores());
  }
}
