package dev.ioloop.jetty;

import dev.ioloop.api.server.LabServer;
import dev.ioloop.api.server.ServerConfig;
import dev.ioloop.http.conformance.ReliabilityTest;
import java.util.Set;

/** Hostile clients, malformed input, faults, overload and shutdown on Jetty with virtual threads. */
class JettyReliabilityTest extends ReliabilityTest {
  @Override
  protected LabServer start(ServerConfig config) throws Exception {
    return JettyServer.start(config);
  }

  /** Jetty's parser refuses with its own choice of 4xx for some requests (docs/loom-http.md). */
  @Override
  protected boolean answersTheCodecsStatuses() {
    return false;
  }

  /**
   * Jetty's request-line parser skips repeated spaces (RFC 9112 §3 lets a server parse on whitespace boundaries) and
   * reads the protocol name regardless of case; neither hook of its connection sees the raw line to refuse them.
   */
  @Override
  protected Set<String> acceptedLeniently() {
    return Set.of("two spaces after the method", "two spaces before the version", "lowercase protocol");
  }
}
