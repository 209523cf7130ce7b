package dev.ioloop.app.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportsTest {
  @TempDir Path runs;

  private Path report(String path, long writtenAtSecond) throws IOException {
    Path directory = Files.createDirectories(runs.resolve(path));
    Path page = Files.writeString(directory.resolve("index.html"), "<html></html>");
    Files.setLastModifiedTime(page, FileTime.from(Instant.ofEpochSecond(writtenAtSecond)));
    return directory;
  }

  @Test
  void reportsBelowADirectoryComeInTheOrderTheyWereWritten() throws IOException {
    Path second = report("noblock/loom/noblocksimulation-2", 2_000);
    Path first = report("noblock/reactor/noblocksimulation-1", 1_000);
    Path third = report("block/reactor/blocksimulation-3", 3_000);
    Files.createDirectories(runs.resolve("logs"));
    assertEquals(List.of(first, second, third), Reports.find(List.of(runs)));
    assertEquals(runs, Reports.commonParent(List.of(first, second, third)));
    assertEquals(runs.resolve("noblock"), Reports.commonParent(List.of(first, second)));
  }

  @Test
  void givenDirectoriesKeepTheirOrderAndADirectoryWithoutReportsIsAnError() throws IOException {
    Path late = report("a", 2_000);
    Path early = report("b", 1_000);
    assertEquals(List.of(late, early), Reports.find(List.of(late, early)));
    assertThrows(IOException.class, () -> Reports.find(List.of(Files.createDirectories(runs.resolve("empty")))));
  }
}
