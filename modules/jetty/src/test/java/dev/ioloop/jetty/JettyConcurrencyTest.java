package dev.ioloop.jetty;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ioloop.api.server.LabServer;
import dev.ioloop.api.server.ServerConfig;
import dev.ioloop.http.conformance.ConcurrencyTest;

/** Jetty's virtual-thread pool, raised past its default of 200 concurrent tasks. */
class JettyConcurrencyTest extends ConcurrencyTest {
  @Override
  protected LabServer start(ServerConfig config) throws Exception {
    return JettyServer.start(config);
  }

  @Override
  protected void assertThreadsWhileWaiting(LabServer server) {
    assertTrue(server.stats().threads().virtualAlive() >= CONNECTIONS, server.stats().toString());
  }
}
