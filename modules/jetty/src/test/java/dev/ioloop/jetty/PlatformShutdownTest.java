package dev.ioloop.jetty;

import dev.ioloop.api.server.LabServer;
import dev.ioloop.api.server.ServerConfig;
import dev.ioloop.http.conformance.ShutdownTest;
import dev.ioloop.jetty.ThreadModel.PlatformThreads;

/** A shutdown past its grace on Jetty's pool of platform threads: they all end, the client pool's too. */
class PlatformShutdownTest extends ShutdownTest {
  @Override
  protected LabServer start(ServerConfig config) throws Exception {
    return JettyServer.start(config, PlatformThreads.defaults());
  }

  /** The request pool's threads are {@code platform-N}, jetty-client's {@code platform-client-N}. */
  @Override
  protected String threadPrefix() {
    return "platform-";
  }
}
