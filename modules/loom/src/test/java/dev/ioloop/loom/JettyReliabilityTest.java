package dev.ioloop.loom;

import dev.ioloop.api.server.LabServer;
import dev.ioloop.api.server.ServerConfig;
import dev.ioloop.http.conformance.ReliabilityTest;
import java.util.Set;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

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

  /**
   * Found and not yet fixed: about one run in twenty, Jetty's graceful stop closes one connection whose request is in
   * flight (a 1 s sleep, started before the stop) without an answer, with 40 such requests at once. The other
   * engines never did. docs/reliability.md has the evidence; remove this override to reproduce it.
   */
  @Override
  @Test // an override is a test only if it says so, and only then is it reported as skipped
  @Disabled("Jetty's graceful stop sometimes cuts a request in flight: docs/reliability.md, left open")
  protected void shutdownUnderLoadFinishesEveryRequestInFlight() {}
}
