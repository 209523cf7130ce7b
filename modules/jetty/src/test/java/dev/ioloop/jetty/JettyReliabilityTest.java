package dev.ioloop.jetty;

import dev.ioloop.api.server.LabServer;
import dev.ioloop.api.server.ServerConfig;
import dev.ioloop.http.conformance.ReliabilityTest;
import java.util.Map;

/** Hostile clients, malformed input, faults, overload and shutdown on Jetty with virtual threads. */
class JettyReliabilityTest extends ReliabilityTest {
  @Override
  protected LabServer start(ServerConfig config) throws Exception {
    return JettyServer.start(config);
  }

  /**
   * Where Jetty's answer is not the codec's, exactly what it answers (docs/loom-http.md): both are refusals with a
   * close, decided while Jetty reads the head, where no hook of its connection sees them first.
   */
  @Override
  protected Map<String, Integer> ownStatuses() {
    return Map.of(
        "chunked then gzip", 400, // the codec: 501, a coding it does not know; Jetty: chunked must come last
        "chunk size overflowing 64 bits", 400); // the codec: 413, more than the body limit; Jetty: a bad chunk size
  }
}
