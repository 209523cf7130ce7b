package dev.ioloop.loom.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ioloop.api.server.LabServer;
import dev.ioloop.api.server.ServerConfig;
import dev.ioloop.http.conformance.ConcurrencyTest;
import dev.ioloop.http.conformance.LiveThreads;

/** The loom server: a virtual thread of its own for each connection. */
class LoomConcurrencyTest extends ConcurrencyTest {
  @Override
  protected LabServer start(ServerConfig config) throws Exception {
    return LoomServer.start(config);
  }

  @Override
  protected void assertThreadsWhileWaiting(LabServer server) throws Exception {
    // one per connection, the acceptor's and the sweeper's
    assertEquals(CONNECTIONS + 2, server.stats().threads().virtualAlive(), server.stats().toString());
    assertEquals(CONNECTIONS, LiveThreads.named("loom-connection-").size());
  }
}
