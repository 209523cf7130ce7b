package dev.ioloop.bench.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What /proc says about this process: its limits, and the CPU its children used once they have ended. */
class ProcFsTest {

  @Test
  void theOpenFileLimitIsTheOneAChildInherits() throws Exception {
    Process shell = new ProcessBuilder("sh", "-c", "ulimit -n").start();
    String said = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertTrue(shell.waitFor(10, TimeUnit.SECONDS));
    assertEquals(said.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(said), ProcFs.openFileLimit());
  }

  @Test
  void aChildsCpuCountsOnceItHasEnded() throws Exception {
    long before = ProcFs.endedChildrenCpuNanos();
    // A shell counting for a few hundred milliseconds of CPU: the JDK waits for it, and its time joins ours.
    Process busy = new ProcessBuilder(List.of("sh", "-c", "i=0; while [ $i -lt 400000 ]; do i=$((i+1)); done"))
        .start();
    assertTrue(busy.waitFor(60, TimeUnit.SECONDS));
    long used = ProcFs.endedChildrenCpuNanos() - before;
    assertTrue(used >= 100_000_000L, "the child's CPU: " + used / 1_000_000 + " ms");
  }
}
