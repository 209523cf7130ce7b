package dev.ioloop.loom.server;

import dev.ioloop.api.server.LabServer;
import dev.ioloop.api.server.ServerConfig;
import dev.ioloop.http.conformance.EndpointConformanceTest;

/** The endpoint contract on the hand-written loom server. */
class LoomConformanceTest extends EndpointConformanceTest {
  @Override
  protected LabServer start(ServerConfig config) throws Exception {
    return LoomServer.start(config);
  }
}
