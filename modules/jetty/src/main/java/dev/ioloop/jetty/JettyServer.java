package dev.ioloop.jetty;

import dev.ioloop.loom.PinnedThreadMonitor;
import dev.ioloop.loom.endpoints.Downstream;
import dev.ioloop.loom.endpoints.LoomEndpoints;
import dev.ioloop.api.server.Engine;
import dev.ioloop.api.server.LabServer;
import dev.ioloop.api.server.ServerConfig;
import dev.ioloop.api.server.ServerCounters;
import dev.ioloop.api.server.ServerStats;
import dev.ioloop.http.codec.HttpLimits;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpCompliance.Violation;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.ThreadPool;

/**
 * The "jetty" and "platform" engines: the loom model's endpoints ({@link LoomEndpoints}) on Jetty 12, downstream
 * through jetty-client ({@link JettyDownstream}). The two differ only by the {@link ThreadModel} handed to this one
 * class: every task on a virtual thread ({@link #start(ServerConfig)}), or a {@code QueuedThreadPool} of platform
 * threads with a bounded queue ({@link #startPlatform}), the model virtual threads replace.
 *
 * <p>Jetty's settings that matter for the comparison: the thread model's pools (on virtual threads, the limit of
 * concurrent tasks raised from its default of 200, which caps a server whose handlers wait at 200 / latency requests
 * per second, measured in docs/side-by-side.md, section 7); no {@code Date} or {@code Server} field, so answers match
 * the other engines byte for byte; 8 KiB of request head (431 beyond); {@code idleTimeout} on the connector, and the
 * header timeout that Jetty lacks added by {@link JettyConnectionFactory}; the connection limit
 * ({@link ConnectionLimitFactory}) and a graceful stop that spares the requests in flight ({@link GracefulConnector});
 * {@link ThreadModel#ACCEPTORS} and {@link ThreadModel#SELECTORS}, the same on both models.
 */
public final class JettyServer implements LabServer {
  private static final System.Logger LOG = System.getLogger(JettyServer.class.getName());

  private final ServerCounters counters = new ServerCounters();
  private final ThreadModel threadModel;
  private final ThreadPool serverThreads;
  private final Server server;
  private final GracefulConnector connector;
  private final JettyEndpointHandler handler;
  private final Downstream downstream;
  private final LoomEndpoints endpoints;
  /** Where it listens, kept: Jetty's connector forgets its port once stopped. */
  private InetSocketAddress address;
  private boolean stopped; // guarded by this

  private JettyServer(ServerConfig config, ThreadModel threadModel) throws Exception {
    this.threadModel = threadModel;
    serverThreads = threadModel.newServerThreads(counters, config);
    server = new Server(serverThreads);
    downstream = new JettyDownstream(config, threadModel.newClientThreads(counters));
    endpoints = new LoomEndpoints(downstream, this::stats);
    handler = new JettyEndpointHandler(config, counters, endpoints);

    HttpConfiguration http = new HttpConfiguration();
    http.setSendDateHeader(false);
    http.setSendServerVersion(false);
    http.setRequestHeaderSize(HttpLimits.DEFAULT.maxHeadBytes());
    // The codec takes only CRLF line ends (a bare LF is malformed: 400); Jetty's RFC 9110 mode also takes LF. An
    // absolute-form target's host wins over the Host field (RFC 9112 §3.2.2), as in the codec; Jetty refused a
    // mismatch (400) unless told otherwise.
    http.setHttpCompliance(HttpCompliance.RFC9110
        .without("RFC9110 with CRLF only", Violation.LF_HEADER_TERMINATION)
        .with("RFC9110 with CRLF only, the target's authority first", Violation.MISMATCHED_AUTHORITY));
    JettyConnectionFactory http1 = new JettyConnectionFactory(http, config);
    connector = new GracefulConnector(server, ThreadModel.ACCEPTORS, ThreadModel.SELECTORS,
        new ConnectionLimitFactory(http1.getProtocol(), config, counters), http1);
    connector.setHost(config.host());
    connector.setPort(config.port());
    connector.setIdleTimeout(config.idleTimeout().toMillis());
    connector.setAcceptQueueSize(ServerConfig.ACCEPT_BACKLOG);
    server.addConnector(connector);
    server.setHandler(connector.tracking(new GracefulHandler(handler)));
    server.setErrorHandler(new JettyErrorHandler());
    server.setStopAtShutdown(false);
  }

  // tag::thread-model[]
  /** The jetty engine: binds {@code config.host():config.port()} and starts serving, every task on a virtual thread. */
  public static JettyServer start(ServerConfig config) throws Exception {
    return start(config, new ThreadModel.VirtualThreads());
  }

  /**
   * The platform engine: the same server with {@code threads} platform threads for requests, and up to {@code queue}
   * tasks waiting for one before a new request is answered 503.
   */
  public static JettyServer startPlatform(ServerConfig config, int threads, int queue) throws Exception {
    return start(config, new ThreadModel.PlatformThreads(threads, queue));
  }
  // end::thread-model[]

  /** Binds {@code config.host():config.port()} and starts serving on {@code threadModel}'s threads. */
  public static JettyServer start(ServerConfig config, ThreadModel threadModel) throws Exception {
    PinnedThreadMonitor.start();
    JettyServer jetty = new JettyServer(config, threadModel);
    try {
      jetty.server.start();
      jetty.address = new InetSocketAddress(config.host(), jetty.connector.getLocalPort());
    } catch (Exception e) {
      jetty.shutdown(Duration.ZERO); // whatever did start
      throw e;
    }
    return jetty;
  }

  @Override
  public synchronized void shutdown(Duration grace) {
    if (stopped) {
      return;
    }
    stopped = true;
    server.setStopTimeout(grace.toMillis());
    try {
      // Stops accepting, waits up to the grace for requests in flight (their connections outlive Jetty's shutdown
      // idle timeout: GracefulConnector), then closes every connection.
      server.stop();
    } catch (Exception e) {
      LOG.log(Level.WARNING, "stopping Jetty failed", e);
    }
    handler.interruptAnswering();
    downstream.close();
    endpoints.close(); // after the requests: their sleeps, interrupted, no longer need the timer
  }

  @Override
  public InetSocketAddress address() {
    return address;
  }

  @Override
  public Engine engine() {
    return threadModel.engine();
  }

  /**
   * Jetty's selectors are no event loop of the lab's: the loop part is all zeros, as on the loom engine. The pool part
   * is the thread model's: the platform engine's request pool, zeros on virtual threads.
   */
  @Override
  public ServerStats stats() {
    return counters.snapshot(engine(), PinnedThreadMonitor.pinned(), ServerStats.Loop.NONE,
        threadModel.stats(serverThreads));
  }
}
