package dev.ioloop.loom.server;

import dev.ioloop.api.server.LabServer;
import dev.ioloop.api.server.ServerConfig;
import dev.ioloop.http.conformance.ShutdownTest;

/** A shutdown past its grace on the loom server. */
class LoomShutdownTest extends ShutdownTest {
  @Override
  protected LabServer start(ServerConfig config) throws Exception {
    return LoomServer.start(config);
  }

  @Override
  protected String threadPrefix() {
    return "loom-";
  }
}
