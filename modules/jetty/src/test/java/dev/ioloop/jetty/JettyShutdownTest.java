package dev.ioloop.jetty;

import dev.ioloop.api.server.LabServer;
import dev.ioloop.api.server.ServerConfig;
import dev.ioloop.http.conformance.ShutdownTest;

/** A shutdown past its grace on Jetty. */
class JettyShutdownTest extends ShutdownTest {
  @Override
  protected LabServer start(ServerConfig config) throws Exception {
    return JettyServer.start(config);
  }

  @Override
  protected String threadPrefix() {
    return "jetty-";
  }
}
