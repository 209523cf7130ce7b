package dev.ioloop.reactor.server;

import dev.ioloop.api.server.LabServer;
import dev.ioloop.api.server.ServerConfig;
import dev.ioloop.http.conformance.EndpointConformanceTest;

/** The endpoint contract on the reactor with one loop per core. */
class ReactorConformanceTest extends EndpointConformanceTest {
  @Override
  protected LabServer start(ServerConfig config) throws Exception {
    return ReactorServer.start(config);
  }
}
