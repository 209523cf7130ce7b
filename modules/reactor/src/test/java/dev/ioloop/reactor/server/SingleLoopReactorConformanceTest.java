package dev.ioloop.reactor.server;

import dev.ioloop.api.server.LabServer;
import dev.ioloop.api.server.ServerConfig;
import dev.ioloop.http.conformance.EndpointConformanceTest;

/** The endpoint contract on Tornado's single loop: accepting, serving and the async client all share one thread. */
class SingleLoopReactorConformanceTest extends EndpointConformanceTest {
  @Override
  protected LabServer start(ServerConfig config) throws Exception {
    return ReactorServer.start(config.withLoops(1));
  }
}
