package dev.ioloop.api.server;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How a lab server (reactor, loom or jetty) is started. Every engine honours every field the same way.
 *
 * @param host              address to bind; loopback by default
 * @param port              0 for an ephemeral port
 * @param downstream        where {@code /api/block}, {@code /api/noblock} and {@code /api/fanout} call block2
 * @param loops             reactor only: the number of SelectorIOLoops (1 is Tornado's single loop)
 * @param downstreamTimeout a slower downstream answers 504
 * @param headerTimeout     a request whose headers are not complete by then gets 408 and a close; and again, from its
 *                          head's completion, the deadline of its body (408 and a close too)
 * @param idleTimeout       an idle keep-alive connection is closed after this
 * @param maxConnections    connections beyond this are refused cleanly (the machine allows 20,000 files a process,
 *                          and each in-flight /api/block holds a front and a downstream connection)
 * @param maxBodyBytes      a larger request body answers 413
 * @param shutdownGrace     on stop, in-flight requests may finish for this long
 */
public record ServerConfig(
    String host,
    int port,
    URI downstream,
    int loops,
    Duration downstreamTimeout,
    Duration headerTimeout,
    Duration idleTimeout,
    int maxConnections,
    int maxBodyBytes,
    Duration shutdownGrace) {

  public static final URI DEFAULT_DOWNSTREAM = URI.create("http://127.0.0.1:2345");
  /**
   * The accept backlog every server asks for (the kernel caps it at {@code net.core.somaxconn}): a burst of thousands
   * of connects must fit.
   */
  public static final int ACCEPT_BACKLOG = 4096;
  /**
   * How long a server closing a connection on its own reads and drops the client's input before the last close, so
   * that unread input cannot turn the close into a reset that destroys the answer just sent (RFC 9112, section 9.6).
   */
  public static final Duration LINGER = Duration.ofSeconds(2);

  public ServerConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(downstream, "downstream");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0..65535, not " + port);
    }
    if (loops < 1) {
      throw new IllegalArgumentException("loops must be at least 1, not " + loops);
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException("max connections must be at least 1, not " + maxConnections);
    }
    if (!"http".equals(downstream.getScheme()) || downstream.getHost() == null) {
      throw new IllegalArgumentException("downstream must be an http://host:port URL, not " + downstream);
    }
  }

  /** Loopback, an ephemeral port, the backend on 2345, one loop per core, the limits and timeouts of docs/contract.md. */
  public static ServerConfig defaults() {
    return new ServerConfig("127.0.0.1", 0, DEFAULT_DOWNSTREAM, Runtime.getRuntime().availableProcessors(),
        Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(60), 9_000, 1 << 20,
        Duration.ofSeconds(10));
  }

  /** The reason a 503 gives to a connection past {@link #maxConnections}, on every engine. */
  public String overConnectionLimitReason() {
    return "server busy: at its limit of " + maxConnections + " connections";
  }

  /** The reason a 408 gives when a request's headers are not complete within {@link #headerTimeout}. */
  public String headersTooSlowReason() {
    return "request headers not complete within " + headerTimeout.toMillis() + " ms";
  }

  /**
   * The reason a 408 gives when a request's body is not complete within {@link #headerTimeout} of its head's
   * completion: a body has a deadline of its own, so a client that announces a body and trickles it cannot hold a
   * connection for as long as each byte comes within the idle timeout.
   */
  public String bodyTooSlowReason() {
    return "request body not complete within " + headerTimeout.toMillis() + " ms";
  }

  public ServerConfig withHost(String newHost) {
    return new ServerConfig(newHost, port, downstream, loops, downstreamTimeout, headerTimeout, idleTimeout,
        maxConnections, maxBodyBytes, shutdownGrace);
  }

  public ServerConfig withPort(int newPort) {
    return new ServerConfig(host, newPort, downstream, loops, downstreamTimeout, headerTimeout, idleTimeout,
        maxConnections, maxBodyBytes, shutdownGrace);
  }

  public ServerConfig withDownstream(URI newDownstream) {
    return new ServerConfig(host, port, newDownstream, loops, downstreamTimeout, headerTimeout, idleTimeout,
        maxConnections, maxBodyBytes, shutdownGrace);
  }

  public ServerConfig withLoops(int newLoops) {
    return new ServerConfig(host, port, downstream, newLoops, downstreamTimeout, headerTimeout, idleTimeout,
        maxConnections, maxBodyBytes, shutdownGrace);
  }

  public ServerConfig withTimeouts(Duration newDownstreamTimeout, Duration newHeaderTimeout, Duration newIdleTimeout) {
    return new ServerConfig(host, port, downstream, loops, newDownstreamTimeout, newHeaderTimeout, newIdleTimeout,
        maxConnections, maxBodyBytes, shutdownGrace);
  }

  public ServerConfig withMaxConnections(int newMaxConnections) {
    return new ServerConfig(host, port, downstream, loops, downstreamTimeout, headerTimeout, idleTimeout,
        newMaxConnections, maxBodyBytes, shutdownGrace);
  }
}
