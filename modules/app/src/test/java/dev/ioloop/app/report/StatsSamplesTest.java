package dev.ioloop.app.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatsSamplesTest {
  @TempDir Path report;

  @Test
  void samplesRoundTripAsOneJsonObjectALine() throws IOException {
    List<StatsSample> samples = ReportFixtures.samples(3, 10);
    StatsSamples.write(report, samples);
    List<String> lines = Files.readAllLines(report.resolve("stats.jsonl"));
    assertEquals(3, lines.size());
    assertTrue(lines.get(1).startsWith("{\"atMillis\":250,\"stats\":{\"model\":\"loom\""), lines.get(1));
    assertEquals(samples, StatsSamples.read(report));
  }

  @Test
  void aRunWithoutASamplesFileHasNoSamples() throws IOException {
    assertEquals(List.of(), StatsSamples.read(report));
  }
}
