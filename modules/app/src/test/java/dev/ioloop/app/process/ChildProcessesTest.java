package dev.ioloop.app.process;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ChildProcessesTest {
  /** A shell that starts two sleeps of its own: a tree, as a JVM with helpers would be. */
  private static final List<String> TREE = List.of("sh", "-c", "sleep 300 & sleep 300 & wait");

  @Test
  void closingStopsEveryProcessWithEverythingItStarted() throws Exception {
    Process shell;
    List<ProcessHandle> tree;
    try (ChildProcesses processes = new ChildProcesses()) {
      shell = processes.start(new ProcessBuilder(TREE));
      tree = awaitDescendants(shell, 2);
    }
    assertStopped(shell.toHandle());
    tree.forEach(ChildProcessesTest::assertStopped);
  }

  @Test
  void aProcessThatIgnoresSigtermIsKilledAfterTheGracePeriod() throws Exception {
    Process stubborn;
    try (ChildProcesses processes = new ChildProcesses(Duration.ofMillis(300))) {
      stubborn = processes.start(new ProcessBuilder("sh", "-c", "trap '' TERM; sleep 300 & wait"));
      awaitDescendants(stubborn, 1);
      processes.stop(stubborn);
    }
    assertStopped(stubborn.toHandle());
  }

  @Test
  void nothingStartsOnceClosed() {
    ChildProcesses processes = new ChildProcesses();
    processes.close();
    assertThrows(IOException.class, () -> processes.start(new ProcessBuilder("true")));
  }

  private static List<ProcessHandle> awaitDescendants(Process process, int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (process.descendants().count() < count) {
      assertTrue(System.nanoTime() < deadline, "the shell did not start its sleeps");
      Thread.sleep(20);
    }
    return process.descendants().toList();
  }

  private static void assertStopped(ProcessHandle process) {
    try {
      process.onExit().get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("process " + process.pid() + " still runs", e);
    }
    assertFalse(process.isAlive());
  }
}
