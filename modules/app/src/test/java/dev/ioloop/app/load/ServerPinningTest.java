package dev.ioloop.app.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ioloop.tooling.cpu.CpuSet;
import dev.ioloop.tooling.process.ChildProcesses;
import dev.ioloop.tooling.process.JavaCommand;
import dev.ioloop.tooling.process.ServerProcess;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** load --server-cpus: the process listening on the target's port is found in /proc and every thread moved. */
@Timeout(60)
class ServerPinningTest {
  @TempDir Path logs;

  @Test
  void theListenerOfAPortIsTheProcessThatOpenedIt() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertEquals(ProcessHandle.current().pid(), ServerPinning.listener(socket.getLocalPort()).orElseThrow());
    }
  }

  @Test
  void aPortNothingListensOnHasNoListener() throws Exception {
    assertTrue(ServerPinning.listener(ServerProcess.freePort()).isEmpty());
  }

  @Test
  void everyThreadOfTheServerMovesOntoTheServerCpus() throws Exception {
    CpuSet first = CpuSet.parse(String.valueOf(CpuSet.available().cpus().nextSetBit(0)));
    try (ChildProcesses processes = new ChildProcesses(Duration.ofSeconds(2))) {
      int port = ServerProcess.freePort();
      ServerProcess backend = ServerProcess.start(processes, "backend", port, JavaCommand.sameClasspath(List.of(),
          "dev.ioloop.app.Main", List.of("backend", "--port", Integer.toString(port))), logs.resolve("backend.log"))
          .awaitListening(Duration.ofSeconds(30));

      assertEquals(backend.pid(), ServerPinning.pin(port, first));

      List<String> affinities;
      try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(backend.pid()), "task"))) {
        affinities = tasks.map(task -> allowedList(task.resolve("status"))).filter(list -> !list.equals("exited"))
            .distinct().toList();
      }
      assertFalse(affinities.isEmpty());
      assertEquals(List.of(first.toString()), affinities, "every thread on " + first);
    }
  }

  private static String allowedList(Path status) {
    try {
      return Files.readAllLines(status).stream().filter(line -> line.startsWith("Cpus_allowed_list:"))
          .map(line -> line.substring(line.indexOf(':') + 1).strip()).findFirst().orElseThrow();
    } catch (java.io.IOException exited) {
      return "exited";
    }
  }
}
