package dev.ioloop.tooling.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CpuPartitionTest {
  @Test
  void listsReadAsTasksetWritesThem() {
    assertEquals("0", CpuSet.parse("0").toString());
    assertEquals("0-3,6", CpuSet.parse("0,1,2-3, 6").toString());
    assertEquals(5, CpuSet.parse("0-3,6").size());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a", "3-1", "-1", "1-2-3", "0,,1"})
  void aBadListIsRefusedWithTheFormItWants(String list) {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> CpuSet.parse(list));
    assertTrue(refused.getMessage().contains("such as 0, 0-1"), refused.getMessage());
  }

  @Test
  void overlappingOrHalfGivenSetsAreRefused() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> CpuPartition.of("0", "0"))
        .getMessage().contains("disjoint"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> CpuPartition.of("0", null))
        .getMessage().contains("or neither"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> CpuPartition.of("0", "4096"))
        .getMessage().contains("not all available"));
  }

  @Test
  void halvesSplitTheAvailableCpusDisjointly() {
    CpuSet available = CpuSet.available();
    CpuPartition halves = CpuPartition.halves();
    if (available.size() < 2) {
      assertFalse(halves.partitioned());
      return;
    }
    assertTrue(halves.partitioned());
    assertFalse(halves.server().orElseThrow().overlaps(halves.load().orElseThrow()));
    assertEquals(available.size(), halves.server().orElseThrow().size() + halves.load().orElseThrow().size());
  }

  @Test
  void sharedLeavesCommandsAsTheyAre() {
    assertEquals(List.of("wrk", "-c1"), CpuPartition.SHARED.onLoadCpus(List.of("wrk", "-c1")));
    assertEquals(Optional.empty(), CpuPartition.SHARED.server());
  }

  /** A real process started through the pin sees only its CPU: the kernel's word, not the prefix's. */
  @Test
  void aPinnedProcessRunsOnlyOnItsCpus() throws IOException, InterruptedException {
    CpuPartition halves = CpuPartition.halves();
    assumeTrue(halves.partitioned(), "one CPU here: nothing to partition");
    Process process = new ProcessBuilder(halves.onLoadCpus(List.of("grep", "Cpus_allowed_list", "/proc/self/status")))
        .redirectErrorStream(true).start();
    assertTrue(process.waitFor(10, TimeUnit.SECONDS), "grep did not end");
    String line = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertEquals(halves.load().orElseThrow(), CpuSet.parse(line.substring(line.indexOf(':') + 1)), line);
  }
}
