package dev.ioloop.jetty;

import dev.ioloop.api.server.LabServer;
import dev.ioloop.api.server.ServerConfig;
import dev.ioloop.http.conformance.EndpointConformanceTest;

/** The endpoint contract on Jetty with virtual threads. */
class JettyConformanceTest extends EndpointConformanceTest {
  @Override
  protected LabServer start(ServerConfig config) throws Exception {
    return JettyServer.start(config);
  }
}
