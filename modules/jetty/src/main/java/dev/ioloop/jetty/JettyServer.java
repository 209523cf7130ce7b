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
import java.util.concurrent.ThreadFactory;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpCompliance.Violation;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.VirtualThreadPool;

/**
 * The "jetty" engine: the loom model's endpoints ({@link LoomEndpoints}) on Jetty 12, every task on a virtual
 * thread, downstream through jetty-client ({@link JettyDownstream}).
 *
 * <p>Jetty's settings that matter for the comparison: the {@link VirtualThreadPool}'s limit of concurrent tasks is
 * raised from its default of 200, which caps a server whose handlers wait at 200 / latency requests per second
 * (DESIGN.md measured it); no {@code Date} or {@code Server} field, so answers match the other engines byte for
 * byte; 8 KiB of request head (431 beyond); {@code idleTimeout} on the connector, and the header timeout that Jetty
 * lacks added by {@link JettyConnectionFactory}, with the connection limit.
 */
public final class JettyServer implements LabServer {
  private static final System.Logger LOG = System.getLogger(JettyServer.class.getName());
  /** Each connection runs one handler at a time; as many again is room for Jetty's own selector and I/O tasks. */
  private static final int TASKS_PER_CONNECTION = 2;

  private final ServerCounters counters = new ServerCounters();
  private final Server server;
  private final ServerConnector connector;
  private final JettyEndpointHandler handler;
  private final Downstream downstream;
  /** Where it listens, kept: Jetty's connector forgets its port once stopped. */
  private InetSocketAddress address;
  private boolean stopped; // guarded by this

  private JettyServer(ServerConfig config) throws Exception {
    server = new Server(
        virtualThreads(counters.virtualThreads("jetty"), TASKS_PER_CONNECTION * config.maxConnections()));
    downstream = new JettyDownstream(config, virtualThreads(counters.virtualThreads("jetty-client"), 0));
    handler = new JettyEndpointHandler(config, counters, new LoomEndpoints(downstream, this::stats));

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
    connector = new ServerConnector(server, new JettyConnectionFactory(http, config, counters));
    connector.setHost(config.host());
    connector.setPort(config.port());
    connector.setIdleTimeout(config.idleTimeout().toMillis());
    connector.setAcceptQueueSize(ServerConfig.ACCEPT_BACKLOG);
    server.addConnector(connector);
    server.setHandler(new GracefulHandler(handler));
    server.setErrorHandler(new JettyErrorHandler());
    server.setStopAtShutdown(false);
  }

  /** Binds {@code config.host():config.port()} and starts serving. */
  public static JettyServer start(ServerConfig config) throws Exception {
    PinnedThreadMonitor.start();
    JettyServer jetty = new JettyServer(config);
    try {
      jetty.server.start();
      jetty.address = new InetSocketAddress(config.host(), jetty.connector.getLocalPort());
    } catch (Exception e) {
      jetty.shutdown(Duration.ZERO); // whatever did start
      throw e;
    }
    return jetty;
  }

  /**
   * Jetty's virtual-thread "pool", its threads made by {@code threads} so that the stats count them; at most
   * {@code maxTasks} run at once, 0 for no limit.
   */
  private static VirtualThreadPool virtualThreads(ThreadFactory threads, int maxTasks) {
    VirtualThreadPool pool = new VirtualThreadPool();
    pool.setVirtualThreadsExecutor(task -> threads.newThread(task).start());
    pool.setMaxConcurrentTasks(maxTasks); // what setMaxThreads, deprecated, sets
    return pool;
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
      // idle timeout: JettyConnectionFactory), then closes every connection.
      server.stop();
    } catch (Exception e) {
      LOG.log(Level.WARNING, "stopping Jetty failed", e);
    }
    handler.interruptAnswering();
    downstream.close();
  }

  @Override
  public InetSocketAddress address() {
    return address;
  }

  @Override
  public Engine engine() {
    return Engine.JETTY;
  }

  /** Jetty's selectors are no event loop of the lab's: the loop part is all zeros, as on the loom engine. */
  @Override
  public ServerStats stats() {
    return counters.snapshot(Engine.JETTY, PinnedThreadMonitor.pinned(), ServerStats.Loop.NONE);
  }
}
