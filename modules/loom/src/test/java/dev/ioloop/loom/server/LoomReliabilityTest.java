package dev.ioloop.loom.server;

import dev.ioloop.api.server.LabServer;
import dev.ioloop.api.server.ServerConfig;
import dev.ioloop.http.conformance.ReliabilityTest;

/**
 * Hostile clients, malformed input, faults, overload and shutdown on the loom server, which is also the engine of
 * {@code ./ioloop backend}.
 */
class LoomReliabilityTest extends ReliabilityTest {
  @Override
  protected LabServer start(ServerConfig config) throws Exception {
    return LoomServer.start(config);
  }
}
