package dev.ioloop.app.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The samples file of a run: {@code stats.jsonl} in the Gatling report directory, next to index.html. One JSON
 * object a line, in time order: {@code {"atMillis":1500,"stats":{...the /api/stats answer...}}}. The demo writes
 * it; {@code ./ioloop compare} charts it when present.
 */
public final class StatsSamples {
  public static final String FILE_NAME = "stats.jsonl";
  public static final String START_FILE_NAME = "stats-start.txt";
  private static final ObjectMapper JSON = new ObjectMapper();

  private StatsSamples() {}

  public static void write(Path reportDirectory, List<StatsSample> samples) throws IOException {
    try (BufferedWriter writer = Files.newBufferedWriter(reportDirectory.resolve(FILE_NAME))) {
      for (StatsSample sample : samples) {
        writer.write(JSON.writeValueAsString(sample));
        writer.newLine();
      }
    }
  }

  /**
   * Beside the samples: when sampling began, epoch milliseconds, in {@value #START_FILE_NAME}, so that the samples can
   * be placed on the time line of Gatling's own records ({@link CapacityCurve}).
   */
  public static void writeStart(Path reportDirectory, long epochMillis) throws IOException {
    Files.writeString(reportDirectory.resolve(START_FILE_NAME), Long.toString(epochMillis) + "\n");
  }

  /** When sampling began, if the run says. */
  public static java.util.OptionalLong readStart(Path reportDirectory) throws IOException {
    Path file = reportDirectory.resolve(START_FILE_NAME);
    return Files.isRegularFile(file) ? java.util.OptionalLong.of(Long.parseLong(Files.readString(file).strip()))
        : java.util.OptionalLong.empty();
  }

  /** The run's samples; none when it has no samples file. */
  public static List<StatsSample> read(Path reportDirectory) throws IOException {
    Path file = reportDirectory.resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    List<StatsSample> samples = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      if (!line.isBlank()) {
        samples.add(JSON.readValue(line, StatsSample.class));
      }
    }
    return samples;
  }
}
