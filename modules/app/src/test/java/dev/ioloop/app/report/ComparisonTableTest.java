package dev.ioloop.app.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComparisonTableTest {
  @TempDir Path root;

  @Test
  void theTextTableAlignsAColumnPerMetricAndSeparatesScenarios() throws IOException {
    String table = ComparisonTable.text(ReportFixtures.demoLike(root));
    List<String> lines = table.lines().toList();
    assertEquals("Scenario  Server   Requests    Failed  Req/s  p50 ms  p95 ms  p99 ms  Max ms  CPU µs/req  Assertions"
        + "  Note", lines.get(0));
    assertEquals("NoBlock   reactor      1905         0  190.5     250     468     494     520        25.0  held",
        lines.get(1));
    assertEquals("NoBlock   jetty        1882         0  188.2     255     477     504     530           -  held",
        lines.get(3), "one sample: no CPU per request");
    assertEquals("", lines.get(4), table);
    assertEquals("Block     reactor        76  3 (3.9%)    7.6    6300    8190    8645    9100           -  FAILED",
        lines.get(5));
    assertEquals(8, lines.size(), table);
  }

  @Test
  void theMarkdownTableLinksEachReportRelativeToWhereItIsWritten() throws IOException {
    String markdown = ComparisonTable.markdown(ReportFixtures.demoLike(root), root);
    List<String> lines = markdown.lines().toList();
    assertEquals("| Scenario | Server | Requests | Failed | Req/s | p50 ms | p95 ms | p99 ms | Max ms | CPU µs/req"
        + " | Assertions | Note | Report |", lines.get(0));
    assertEquals("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |", lines.get(1));
    assertTrue(lines.get(2).endsWith("| 25.0 | held |  | [index.html](NoBlock/reactor/report/index.html) |"),
        lines.get(2));
    assertEquals(8, lines.size(), markdown);
  }

  @Test
  void aRepeatedRunOfOneServerIsKeptUnderItsOwnLabel() throws IOException {
    Comparison comparison = Comparison.of(List.of(
        ReportFixtures.run(root.resolve("a"), "Hello", "loom", 10, 1, 2, 0, List.of()),
        ReportFixtures.run(root.resolve("b"), "Hello", "loom", 11, 1, 2, 0, List.of()),
        ReportFixtures.run(root.resolve("c"), "Hello", "loom", 12, 1, 2, 0, List.of())));
    assertEquals(List.of("loom", "loom #2", "loom #3"), comparison.servers());
    assertEquals(3, comparison.runsOf("Hello").size());
  }

  @Test
  void reportLinksArePercentEncodedPaths() throws IOException {
    ServerRun run = ReportFixtures.run(root, "Hello", "a server", 1, 1, 1, 0, List.of());
    assertEquals("Hello/a%20server/report/index.html", ReportLinks.relative(root, run));
    assertEquals("../Hello/a%20server/report/index.html", ReportLinks.relative(root.resolve("out"), run));
  }
}
