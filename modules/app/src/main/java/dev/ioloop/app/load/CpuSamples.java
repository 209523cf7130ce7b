package dev.ioloop.app.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The CPU time a process (the Gatling JVM of one injector) had used, sampled over its run: wall-clock milliseconds
 * since the epoch and its cumulative CPU milliseconds, one sample a line ({@code cpu.tsv}). The merge takes the
 * samples inside the injection window of the simulation log, so start-up and the report do not count.
 *
 * @param cores the processors the injector's JVM could use
 */
public record CpuSamples(int cores, List<Sample> samples) {
  public static final String FILE_NAME = "cpu.tsv";

  public record Sample(long epochMs, long cpuMs) {}

  public CpuSamples {
    samples = List.copyOf(samples);
  }

  public void write(Path directory) throws IOException {
    StringBuilder text = new StringBuilder("# cores\t" + cores + "\n# epoch_ms\tcpu_ms\n");
    samples.forEach(sample -> text.append(sample.epochMs()).append('\t').append(sample.cpuMs()).append('\n'));
    Files.writeString(directory.resolve(FILE_NAME), text);
  }

  public static CpuSamples read(Path directory) throws IOException {
    int cores = 1;
    List<Sample> samples = new ArrayList<>();
    for (String line : Files.readAllLines(directory.resolve(FILE_NAME))) {
      String[] cells = line.split("\t");
      if (line.startsWith("# cores")) {
        cores = Integer.parseInt(cells[1].strip());
      } else if (!line.startsWith("#") && cells.length == 2) {
        samples.add(new Sample(Long.parseLong(cells[0]), Long.parseLong(cells[1])));
      }
    }
    return new CpuSamples(cores, samples);
  }

  /**
   * The share of the cores used between {@code fromMs} and {@code toMs} (1.0 = every core busy), from the samples
   * closest inside the window; NaN when fewer than two samples fall in it.
   */
  public double utilization(long fromMs, long toMs) {
    List<Sample> inside = samples.stream().filter(s -> s.epochMs() >= fromMs && s.epochMs() <= toMs).toList();
    if (inside.size() < 2) {
      return Double.NaN;
    }
    Sample first = inside.getFirst();
    Sample last = inside.getLast();
    long wall = last.epochMs() - first.epochMs();
    return wall <= 0 ? Double.NaN : (last.cpuMs() - first.cpuMs()) / (double) (wall * cores);
  }

  /** The busiest stretch of about a second inside the window: the peak share of the cores. */
  public double peakUtilization(long fromMs, long toMs) {
    List<Sample> inside = samples.stream().filter(s -> s.epochMs() >= fromMs && s.epochMs() <= toMs).toList();
    double peak = Double.NaN;
    int start = 0;
    for (int end = 1; end < inside.size(); end++) {
      while (inside.get(end).epochMs() - inside.get(start + 1).epochMs() >= 1000) {
        start++;
      }
      long wall = inside.get(end).epochMs() - inside.get(start).epochMs();
      if (wall >= 900) {
        double share = (inside.get(end).cpuMs() - inside.get(start).cpuMs()) / (double) (wall * cores);
        peak = Double.isNaN(peak) ? share : Math.max(peak, share);
      }
    }
    return peak;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%d samples on %d cores", samples.size(), cores);
  }
}
