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
 * @param maxDownstreamConnections the most connections the server opens to its downstream at once, busy and idle
 *                          (the reactor divides them among its loops); a call finding none free waits for one within
 *                          its deadline, in a line of at most {@link #maxDownstreamWaiting()} calls, and beyond that
 *                          is answered 503 (docs/reliability.md, second round)
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
    Duration shutdownGrace,
    int maxDownstreamConnections) {

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
  /**
   * 2,048 downstream connections: the reactor's 1,024 per loop on the lab's two cores, now a bound on the whole
   * server on every engine. Enough for every user of the lab's heaviest load (1,000) to have a call in flight, and
   * with the 9,000 client connections it stays far under the 20,000 open files a process may have, where 100 calls
   * per /api/fanout had no bound (200 concurrent fanouts ran out of files).
   */
  public static final int DEFAULT_MAX_DOWNSTREAM_CONNECTIONS = 2_048;
  /**
   * Calls that may wait for a downstream connection, per connection: at block2's mean of 255 ms, 2,048 connections
   * finish about 8,000 calls a second, so the last of 4 × 2,048 waiting calls waits about a second; a longer line would
   * only hold its requests until their 504 at the deadline.
   */
  public static final int DOWNSTREAM_WAITING_PER_CONNECTION = 4;

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
    if (maxDownstreamConnections < 1) {
      throw new IllegalArgumentException("max downstream connections must be at least 1, not "
          + maxDownstreamConnections);
    }
    if (!"http".equals(downstream.getScheme()) || downstream.getHost() == null) {
      throw new IllegalArgumentException("downstream must be an http://host:port URL, not " + downstream);
    }
  }

  /** Loopback, an ephemeral port, the backend on 2345, one loop per core, the limits and timeouts of docs/contract.md. */
  public static ServerConfig defaults() {
    return new ServerConfig("127.0.0.1", 0, DEFAULT_DOWNSTREAM, Runtime.getRuntime().availableProcessors(),
        Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(60), 9_000, 1 << 20,
        Duration.ofSeconds(10), DEFAULT_MAX_DOWNSTREAM_CONNECTIONS);
  }

  /** The most calls that may wait for a downstream connection at once; more are answered 503. */
  public int maxDownstreamWaiting() {
    return DOWNSTREAM_WAITING_PER_CONNECTION * maxDownstreamConnections;
  }

  /** The reason a 503 gives when {@link #maxDownstreamWaiting()} calls wait for a downstream connection already. */
  public static String downstreamBusyReason(String hostAndPort, int waiting) {
    return "downstream " + hostAndPort + " busy: " + waiting + " calls wait for a connection already";
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
        maxConnections, maxBodyBytes, shutdownGrace, maxDownstreamConnections);
  }

  public ServerConfig withPort(int newPort) {
    return new ServerConfig(host, newPort, downstream, loops, downstreamTimeout, headerTimeout, idleTimeout,
        maxConnections, maxBodyBytes, shutdownGrace, maxDownstreamConnections);
  }

  public ServerConfig withDownstream(URI newDownstream) {
    return new ServerConfig(host, port, newDownstream, loops, downstreamTimeout, headerTimeout, idleTimeout,
        maxConnections, maxBodyBytes, shutdownGrace, maxDownstreamConnections);
  }

  public ServerConfig withLoops(int newLoops) {
    return new ServerConfig(host, port, downstream, newLoops, downstreamTimeout, headerTimeout, idleTimeout,
        maxConnections, maxBodyBytes, shutdownGrace, maxDownstreamConnections);
  }

  public ServerConfig withTimeouts(Duration newDownstreamTimeout, Duration newHeaderTimeout, Duration newIdleTimeout) {
    return new ServerConfig(host, port, downstream, loops, newDownstreamTimeout, newHeaderTimeout, newIdleTimeout,
        maxConnections, maxBodyBytes, shutdownGrace, maxDownstreamConnections);
  }

  public ServerConfig withMaxConnections(int newMaxConnections) {
    return new ServerConfig(host, port, downstream, loops, downstreamTimeout, headerTimeout, idleTimeout,
        newMaxConnections, maxBodyBytes, shutdownGrace, maxDownstreamConnections);
  }

  public ServerConfig withMaxDownstreamConnections(int newMaxDownstreamConnections) {
    return new ServerConfig(host, port, downstream, loops, downstreamTimeout, headerTimeout, idleTimeout,
        maxConnections, maxBodyBytes, shutdownGrace, newMaxDownstreamConnections);
  }
}
