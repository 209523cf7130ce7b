package dev.ioloop.loom.server;

import dev.ioloop.loom.PinnedThreadMonitor;
import dev.ioloop.loom.endpoints.Downstream;
import dev.ioloop.loom.endpoints.LoomEndpoints;
import dev.ioloop.api.server.Engine;
import dev.ioloop.api.server.LabServer;
import dev.ioloop.api.server.ServerConfig;
import dev.ioloop.api.server.ServerCounters;
import dev.ioloop.api.server.ServerStats;
import dev.ioloop.http.codec.HttpLimits;
import dev.ioloop.http.codec.HttpResponse;
import dev.ioloop.http.codec.HttpResponseEncoder;
import dev.ioloop.http.codec.HttpStatus;
import dev.ioloop.http.codec.HttpVersion;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.function.UnaryOperator;

/**
 * The "loom" engine: one virtual thread per connection over blocking sockets, and no selector anywhere. A blocking
 * accept loop, on a virtual thread too, hands each socket to a new virtual thread that runs a {@link LoomConnection};
 * the endpoints ({@link LoomEndpoints}) block that thread as they please, which parks it and frees its carrier.
 *
 * <p>Reads wait without a timeout; one {@link ConnectionSweeper} enforces every connection's deadlines. Connections
 * beyond {@code maxConnections} get 503 and a close. {@link #shutdown} stops accepting, closes idle connections at
 * once, lets requests in flight finish within the grace, then closes every socket and interrupts and ends every
 * thread it started.
 */
public final class LoomServer implements LabServer {
  private static final System.Logger LOG = System.getLogger(LoomServer.class.getName());
  /** Pending connections the kernel may queue: thousands of clients connect at once in a load test. */
  /** How long a failing accept (say, out of file descriptors) waits before it tries again, rather than spin. */
  private static final Duration ACCEPT_RETRY = Duration.ofMillis(50);
  /**
   * After the grace, how long interrupted threads may take to end before the shutdown gives up on them (they end at
   * once: a virtual thread's blocking socket call ends when it is interrupted): a stop takes its grace and 1 s at most.
   */
  private static final Duration END_PATIENCE = Duration.ofSeconds(1);

  private final ServerConfig config;
  private final ServerSocket listener;
  private final ServerCounters counters = new ServerCounters();
  private final ThreadFactory connectionThreads;
  private final Downstream downstream;
  private final LoomEndpoints endpoints;
  private final RequestReaders readers;
  /** Every connection and its thread, until the thread ends. */
  private final Map<LoomConnection, Thread> connections = new ConcurrentHashMap<>();
  private final ConnectionSweeper sweeper;
  private final Thread acceptor;
  /** The 503 of a connection past {@code maxConnections}, encoded once. */
  private final byte[] refusal;
  private volatile boolean draining;
  private boolean stopped; // guarded by this

  private LoomServer(ServerConfig config, ServerSocket listener, UnaryOperator<ThreadFactory> connectionThreads) {
    this.config = config;
    this.listener = listener;
    this.connectionThreads = connectionThreads.apply(counters.virtualThreads("loom-connection"));
    this.downstream = new SocketDownstream(config, counters.virtualThreads("loom-call"),
        counters.virtualThreads("loom-pool-sweeper"));
    this.endpoints = new LoomEndpoints(downstream, this::stats);
    this.readers = new RequestReaders(HttpLimits.DEFAULT.withMaxBodyBytes(config.maxBodyBytes()));
    this.sweeper = new ConnectionSweeper(connections.keySet(), counters.virtualThreads("loom-sweeper"));
    this.acceptor = counters.virtualThreads("loom-acceptor").newThread(this::acceptConnections);
    ByteBuffer busy = HttpResponseEncoder.encode(HttpResponse.error(HttpStatus.SERVICE_UNAVAILABLE,
        config.overConnectionLimitReason()), HttpVersion.HTTP_1_1, false);
    this.refusal = new byte[busy.remaining()];
    busy.get(refusal);
  }

  /** Binds {@code config.host():config.port()} and starts accepting. */
  public static LoomServer start(ServerConfig config) throws IOException {
    return start(config, UnaryOperator.identity());
  }

  /** With the connections' threads made by what {@code connectionThreads} makes of the server's: tests inject failures. */
  static LoomServer start(ServerConfig config, UnaryOperator<ThreadFactory> connectionThreads) throws IOException {
    PinnedThreadMonitor.start();
    ServerSocket listener = new ServerSocket();
    try {
      listener.bind(new InetSocketAddress(config.host(), config.port()), ServerConfig.ACCEPT_BACKLOG);
    } catch (IOException e) {
      listener.close();
      throw e;
    }
    LoomServer server = new LoomServer(config, listener, connectionThreads);
    server.sweeper.start();
    server.acceptor.start();
    return server;
  }

  /**
   * Blocks in accept() and starts a virtual thread for each connection, until the listener is closed. Whatever fails
   * (an Error too: no thread could be made) is logged, the connection it concerned closed, and accepting goes on: the
   * acceptor never ends silently while the server still listens.
   */
  private void acceptConnections() {
    while (!listener.isClosed()) {
      Socket socket = null;
      try {
        socket = listener.accept();
        startConnection(socket);
      } catch (Throwable failure) {
        if (listener.isClosed()) {
          closeQuietly(socket);
          return;
        }
        LOG.log(Level.ERROR, socket == null ? "accepting a connection failed; trying again"
            : "serving an accepted connection failed; it is closed and accepting goes on", failure);
        closeQuietly(socket);
        pause(ACCEPT_RETRY);
      }
    }
  }

  private static void closeQuietly(Socket socket) {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closed either way
      }
    }
  }

  /** The connection's own virtual thread serves it, or the acceptor answers 503 if the server is at its limit. */
  private void startConnection(Socket socket) {
    // Counted here, by the one accepting thread, so that the limit is exact; refused ones are not counted.
    if (counters.openConnections() >= config.maxConnections()) {
      refuse(socket);
      return;
    }
    LoomConnection connection = new LoomConnection(socket, config, endpoints, counters, readers, () -> draining);
    counters.connectionOpened();
    try {
      Thread thread = connectionThreads.newThread(() -> {
        try {
          connection.serve();
        } finally {
          connections.remove(connection);
          counters.connectionClosed();
        }
      });
      connections.put(connection, thread);
      thread.start();
    } catch (Throwable failure) { // no thread: the connection is not served, nor counted
      connections.remove(connection);
      counters.connectionClosed();
      throw failure;
    }
  }

  /**
   * 503 and a close at once, on the acceptor, as the reactor refuses: a refusal holds no thread, parser or socket
   * beyond this call, so a flood of clients past the limit costs nothing that lasts. The answer is a hundred bytes,
   * which a fresh socket's send buffer takes without blocking; what the client already sent is read first, since
   * unread input makes the close a reset.
   */
  private void refuse(Socket socket) {
    try (socket) {
      socket.getOutputStream().write(refusal);
      InputStream in = socket.getInputStream();
      byte[] discard = new byte[4096];
      for (int ready = in.available(); ready > 0; ready = in.available()) {
        in.read(discard, 0, Math.min(ready, discard.length)); // dropped: it is not going to be answered
      }
      socket.shutdownOutput();
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "refusing a connection failed; it is closed anyway", e);
    }
  }

  @Override
  public synchronized void shutdown(Duration grace) {
    if (stopped) {
      return;
    }
    stopped = true;
    long deadline = System.nanoTime() + grace.toNanos();
    draining = true;
    closeListener();
    try {
      acceptor.join(END_PATIENCE);
      connections.keySet().forEach(LoomConnection::closeIfWaiting);
      awaitEnd(connections.values(), deadline);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // no more waiting: end everything now
    }
    connections.forEach((connection, thread) -> {
      connection.closeNow();
      thread.interrupt(); // a handler asleep, or waiting for a future, does not notice its socket closing
    });
    sweeper.close(); // no deadline is left to enforce: every socket is closed
    downstream.close();
    try {
      if (!awaitEnd(connections.values(), System.nanoTime() + END_PATIENCE.toNanos())) {
        LOG.log(Level.WARNING, "{0} connection threads did not end, though their sockets closed and they were "
            + "interrupted", connections.size());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    endpoints.close(); // the interrupted sleepers have woken: the timer's thread goes
  }

  @Override
  public InetSocketAddress address() {
    return (InetSocketAddress) listener.getLocalSocketAddress();
  }

  @Override
  public Engine engine() {
    return Engine.LOOM;
  }

  /** Without an event loop, the loop part is all zeros; pinned virtual threads come from JFR. */
  @Override
  public ServerStats stats() {
    return counters.snapshot(Engine.LOOM, PinnedThreadMonitor.pinned(), ServerStats.Loop.NONE, ServerStats.Pool.NONE);
  }

  private void closeListener() {
    try {
      listener.close();
    } catch (IOException e) {
      LOG.log(Level.WARNING, "closing the listening socket failed", e);
    }
  }

  /** Waits until all of {@code threads} ended or {@code deadline} (System.nanoTime()) passed: whether they ended. */
  private static boolean awaitEnd(Collection<Thread> threads, long deadline) throws InterruptedException {
    for (Thread thread : List.copyOf(threads)) {
      long left = deadline - System.nanoTime();
      if (left <= 0 ? thread.isAlive() : !thread.join(Duration.ofNanos(left))) {
        return false;
      }
    }
    return true;
  }

  private static void pause(Duration pause) {
    try {
      Thread.sleep(pause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
