package dev.ioloop.jetty;

import dev.ioloop.api.server.LabServer;
import dev.ioloop.api.server.ServerConfig;
import dev.ioloop.http.conformance.EndpointConformanceTest;
import dev.ioloop.jetty.ThreadModel.PlatformThreads;

/** The endpoint contract on Jetty with its classic pool of platform threads, unchanged. */
class PlatformConformanceTest extends EndpointConformanceTest {
  @Override
  protected LabServer start(ServerConfig config) throws Exception {
    return JettyServer.start(config, PlatformThreads.defaults());
  }
}
