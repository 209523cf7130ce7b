package dev.ioloop.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What ./ioloop load says before any load starts; GatlingRunTest runs it for real. */
@Timeout(30)
class LoadCommandTest {
  @Test
  void aTargetThatDoesNotAnswerIsNamedWithWhatToDo() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    CommandRun run = CommandRun.of("load", "hello", "--target", "http://127.0.0.1:" + closedPort);
    assertEquals(1, run.exitCode(), run::toString);
    assertTrue(run.err().startsWith("ioloop load: nothing answers at http://127.0.0.1:" + closedPort
        + " (GET /api/hello: ConnectException"), run::err);
    assertTrue(run.err().contains("./ioloop serve loom --port " + closedPort), run::err);
  }

  @Test
  void aTargetOffThisMachineIsRefusedWithoutARequest() {
    CommandRun run = CommandRun.of("load", "hello", "--target", "http://10.0.0.1:8081");
    assertEquals(2, run.exitCode(), run::toString);
    assertEquals("ioloop load: load goes to this machine only unless asked: the target must be 127.0.0.0/8, [::1]"
        + " or localhost, not 10.0.0.1; to load another machine, add --allow-remote (see --help)", run.err().strip());
  }

  @Test
  void aShareOfTooSmallALoadOrABadShareIsABadOption() {
    CommandRun tooFew = CommandRun.of("load", "hello", "--target", "http://127.0.0.1:1", "--users", "1",
        "--injector", "1/2");
    assertEquals(2, tooFew.exitCode(), tooFew::toString);
    assertTrue(tooFew.err().contains("1 users cannot be shared by 2 injectors"), tooFew::err);
    CommandRun bad = CommandRun.of("load", "hello", "--target", "http://127.0.0.1:1", "--injector", "3/2");
    assertEquals(2, bad.exitCode(), bad::toString);
    assertTrue(bad.err().contains("K/N"), bad::err);
  }

  @Test
  void aWarmUpOfPartOfASecondIsABadOption() {
    CommandRun short_ = CommandRun.of("load", "hello", "--target", "http://127.0.0.1:1", "--warmup", "500ms");
    assertEquals(2, short_.exitCode(), short_::toString);
    assertTrue(short_.err().startsWith("ioloop load: warmup must be 0 (none) or at least 1 s, not 500 ms"),
        short_::err);
    CommandRun garbled = CommandRun.of("load", "hello", "--target", "http://127.0.0.1:1", "--warmup", "soon");
    assertEquals(2, garbled.exitCode(), garbled::toString);
    assertTrue(garbled.err().contains("'soon' is not a duration"), garbled::err);
  }

  @Test
  void anUnknownSimulationListsTheBuiltOnes() {
    CommandRun run = CommandRun.of("load", "nosuch", "--target", "http://127.0.0.1:1");
    assertEquals(2, run.exitCode(), run::toString);
    assertEquals("ioloop load: no simulation 'nosuch'; choose from Block, CapacityBlock, CapacitySleep, Cpu, Fanout, Hello, Mixed, NoBlock, Sleep"
        + " (see --help)", run.err().strip());
  }
}
