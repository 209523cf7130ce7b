package dev.ioloop.jetty;

import dev.ioloop.api.server.LabServer;
import dev.ioloop.api.server.ServerConfig;
import dev.ioloop.jetty.ThreadModel.PlatformThreads;

/**
 * Hostile clients, malformed input, faults, overload and shutdown on Jetty with its classic pool of platform threads.
 * The same server as {@link JettyReliabilityTest}'s but for the threads, so the same parser and the same declared
 * leniencies; nothing more: every test holds fewer requests at once than the pool's 200 threads.
 */
class PlatformReliabilityTest extends JettyReliabilityTest {
  @Override
  protected LabServer start(ServerConfig config) throws Exception {
    return JettyServer.start(config, PlatformThreads.defaults());
  }
}
