package dev.ioloop.loom.server;

import dev.ioloop.http.conformance.LiveThreads;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ioloop.api.server.ServerConfig;
import dev.ioloop.http.conformance.RawHttp;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The loom server's reads wait without a timeout, so its {@link ConnectionSweeper} is what ends every late one: a head
 * past its deadline, a body past its deadline, an idle keep-alive connection, a lingering close. Short timeouts, real
 * sockets; what is checked is what the client gets, never how fast.
 */
@Timeout(30)
class ConnectionSweeperTest {
  private static final Duration PATIENCE = Duration.ofSeconds(10);
  /** Several ticks, so that a sweep comes by more than once before and after each deadline. */
  private static final Duration SHORT = ConnectionSweeper.TICK.multipliedBy(3);

  private static LoomServer start(Duration headerTimeout, Duration idleTimeout) throws IOException {
    return LoomServer.start(ServerConfig.defaults().withTimeouts(PATIENCE, headerTimeout, idleTimeout));
  }

  private static RawHttp connect(LoomServer server) throws IOException {
    return RawHttp.connect(server.address(), PATIENCE);
  }

  /** What the design rests on: shutting a socket's input ends a virtual thread's read that is parked on it. */
  @Test
  void shuttingTheInputEndsAVirtualThreadsBlockedRead() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
         Socket client = new Socket(listener.getInetAddress(), listener.getLocalPort());
         Socket accepted = listener.accept()) {
      AtomicInteger read = new AtomicInteger(Integer.MIN_VALUE);
      Thread reader = Thread.ofVirtual().start(() -> {
        try {
          read.set(accepted.getInputStream().read());
        } catch (IOException e) {
          throw new AssertionError("the read failed instead of ending", e);
        }
      });
      while (reader.getState() != Thread.State.WAITING) { // parked in the read: nothing was sent
        Thread.sleep(5);
      }

      accepted.shutdownInput();

      assertTrue(reader.join(PATIENCE), "the read still blocks");
      assertEquals(-1, read.get());
    }
  }

  @Test
  void aHeadPastItsDeadlineGets408ThenAClose() throws Exception {
    try (LoomServer server = start(SHORT, PATIENCE); RawHttp connection = connect(server)) {
      connection.send("GET /api/hello HTTP/1.1\r\nHost: lab\r\n");

      String response = connection.response();

      assertEquals(408, RawHttp.status(response), response);
      assertTrue(response.contains("\r\nConnection: close\r\n"), response);
      assertTrue(connection.closedByServer(), "closed after the 408");
    }
  }

  @Test
  void aBodyPastItsDeadlineGets408ThenAClose() throws Exception {
    // The body's deadline is the header timeout again, from the head's completion; the idle timeout plays no part.
    try (LoomServer server = start(SHORT, PATIENCE); RawHttp connection = connect(server)) {
      connection.send("POST /api/echo HTTP/1.1\r\nHost: lab\r\nContent-Length: 10\r\n\r\nonly5");

      String response = connection.response();

      assertEquals(408, RawHttp.status(response), response);
      assertTrue(connection.closedByServer(), "closed after the 408");
    }
  }

  @Test
  void anIdleKeepAliveConnectionIsClosedQuietly() throws Exception {
    try (LoomServer server = start(PATIENCE, SHORT); RawHttp connection = connect(server)) {
      assertEquals(200, RawHttp.status(connection.send("GET /api/hello HTTP/1.1\r\nHost: lab\r\n\r\n").response()));

      assertTrue(connection.closedByServer(), "closed, and not a byte more");
    }
  }

  @Test
  void aRequestInALongHandlerIsNotReapedAndItsConnectionStaysAlive() throws Exception {
    Duration handler = SHORT.multipliedBy(4);
    try (LoomServer server = start(SHORT, SHORT); RawHttp connection = connect(server)) {
      connection.send("GET /api/sleep?ms=" + handler.toMillis() + " HTTP/1.1\r\nHost: lab\r\n\r\n");

      assertEquals("slept " + handler.toMillis(), RawHttp.body(connection.response()));
      // Kept alive: the wait for the next request has a deadline of its own, not the one from before the sleep.
      assertEquals(200, RawHttp.status(connection.send("GET /api/hello HTTP/1.1\r\nHost: lab\r\n\r\n").response()));
    }
  }

  @Test
  void aLingeringCloseEndsAfterTheLingerThoughTheClientNeverCloses() throws Exception {
    try (LoomServer server = start(PATIENCE, PATIENCE); RawHttp connection = connect(server)) {
      connection.send("GET /api/hello HTTP/1.1\r\nHost: lab\r\nConnection: close\r\n\r\n");
      assertEquals(200, RawHttp.status(connection.response()));
      assertTrue(connection.closedByServer(), "the server's half is closed at once");

      // The client's half stays open: the server reads it for LINGER, then the sweeper ends that read.
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      while (server.stats().openConnections() > 0) {
        assertTrue(System.nanoTime() < deadline, "still lingering after " + PATIENCE);
        Thread.sleep(20);
      }
    }
  }

  @Test
  void eachServerHasOneSweeperWhichStopsOnShutdown() throws Exception {
    String name = "loom-sweeper";
    LiveThreads.awaitNone(name, PATIENCE); // another test's server may still be stopping
    LoomServer server = start(PATIENCE, PATIENCE);
    try {
      assertEquals(List.of(name + "-0"), LiveThreads.named(name));
    } finally {
      server.shutdown(Duration.ZERO);
    }
    LiveThreads.awaitNone(name, PATIENCE);
  }
}
