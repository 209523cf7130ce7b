package dev.ioloop.tooling.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ioloop.tooling.cli.MissingEnvironmentException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ServerProcessTest {
  @TempDir Path logs;

  /** A JVM that listens on the port it is given and says so in its log: a server, as far as this class knows. */
  private static List<String> listener(int port) {
    return JavaCommand.sameClasspath(List.of(), TinyListener.class.getName(), List.of(Integer.toString(port)));
  }

  @Test
  void startsAServerAndKnowsWhereItAnswersAndWhatItSaid() throws Exception {
    int port = ServerProcess.freePort();
    try (ChildProcesses processes = new ChildProcesses(Duration.ofSeconds(2))) {
      ServerProcess server = ServerProcess.start(processes, "tiny", port, listener(port), logs.resolve("tiny.log"))
          .awaitListening(Duration.ofSeconds(30));
      assertEquals("tiny", server.name());
      assertEquals(URI.create("http://127.0.0.1:" + port), server.url());
      assertEquals(URI.create("http://127.0.0.1:" + port + "/api/sleep?ms=100"), server.url("/api/sleep?ms=100"));
      assertEquals(server.process().pid(), server.pid());
      String tail = server.logTail(5);
      assertTrue(tail.contains("listening on " + port), tail);
      server.close();
      assertFalse(server.isAlive());
    }
  }

  @Test
  void aTakenPortIsRefusedBeforeAnythingStarts() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
         ChildProcesses processes = new ChildProcesses()) {
      MissingEnvironmentException refused = assertThrows(MissingEnvironmentException.class, () -> ServerProcess.start(
          processes, "tiny", taken.getLocalPort(), listener(taken.getLocalPort()), logs.resolve("tiny.log")));
      assertEquals("port " + taken.getLocalPort() + " (for tiny) is already taken", refused.getMessage());
      assertFalse(Files.exists(logs.resolve("tiny.log")), "nothing started");
    }
  }

  @Test
  void aServerThatDiesBeforeListeningPointsAtItsLog() throws Exception {
    int port = ServerProcess.freePort();
    try (ChildProcesses processes = new ChildProcesses()) {
      ServerProcess server = ServerProcess.start(processes, "broken", port, List.of("sh", "-c", "echo no; exit 7"),
          logs.resolve("broken.log"));
      IOException failed = assertThrows(IOException.class, () -> server.awaitListening(Duration.ofSeconds(30)));
      assertEquals("broken exited (code 7) before listening; see " + logs.resolve("broken.log"), failed.getMessage());
      assertEquals("no", Files.readString(logs.resolve("broken.log")).strip());
    }
  }

  /** The listener the tests start in a JVM of its own. */
  public static final class TinyListener {
    public static void main(String[] args) throws Exception {
      int port = Integer.parseInt(args[0]);
      try (ServerSocket socket = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
        System.out.println("listening on " + port);
        while (true) {
          socket.accept().close();
        }
      }
    }
  }
}
