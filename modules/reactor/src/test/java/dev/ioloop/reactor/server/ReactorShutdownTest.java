package dev.ioloop.reactor.server;

import dev.ioloop.api.server.LabServer;
import dev.ioloop.api.server.ServerConfig;
import dev.ioloop.http.conformance.ShutdownTest;

/** A shutdown past its grace on the reactor: a loop blocked in a callback included. */
class ReactorShutdownTest extends ShutdownTest {
  @Override
  protected LabServer start(ServerConfig config) throws Exception {
    return ReactorServer.start(config);
  }

  @Override
  protected String threadPrefix() {
    return "reactor-";
  }
}
