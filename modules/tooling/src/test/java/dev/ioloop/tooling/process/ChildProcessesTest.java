package dev.ioloop.tooling.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

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

  @Test
  void aCommandsOutputIsAppendedToItsLog(@TempDir Path logs) throws Exception {
    Path log = logs.resolve("deeper/wrk.txt");
    try (ChildProcesses processes = new ChildProcesses()) {
      assertEquals(0, processes.awaitExit(processes.start(List.of("sh", "-c", "echo one; echo two >&2"), log),
          Duration.ofSeconds(20)));
      assertEquals(3, processes.awaitExit(processes.start(List.of("sh", "-c", "echo three; exit 3"), log),
          Duration.ofSeconds(20)));
    }
    assertEquals(List.of("one", "two", "three"), Files.readAllLines(log));
  }

  @Test
  void aProcessThatOverrunsItsLimitIsStoppedWithItsTree(@TempDir Path logs) throws Exception {
    try (ChildProcesses processes = new ChildProcesses(Duration.ofMillis(300))) {
      Process shell = processes.start(TREE, logs.resolve("tree.log"));
      List<ProcessHandle> tree = awaitDescendants(shell, 2);
      IllegalStateException overran = assertThrows(IllegalStateException.class,
          () -> processes.awaitExit(shell, Duration.ofMillis(200)));
      assertTrue(overran.getMessage().startsWith("still running after 0 s: "), overran::getMessage);
      assertStopped(shell.toHandle());
      tree.forEach(ChildProcessesTest::assertStopped);
    }
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
