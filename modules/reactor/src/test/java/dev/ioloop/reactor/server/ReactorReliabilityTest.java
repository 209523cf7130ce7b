package dev.ioloop.reactor.server;

import dev.ioloop.api.server.LabServer;
import dev.ioloop.api.server.ServerConfig;
import dev.ioloop.http.conformance.ReliabilityTest;

/** Hostile clients, malformed input, faults, overload and shutdown on the reactor with one loop per core. */
class ReactorReliabilityTest extends ReliabilityTest {
  @Override
  protected LabServer start(ServerConfig config) throws Exception {
    return ReactorServer.start(config);
  }
}
