package dev.ioloop.reactor.server;

import dev.ioloop.reactor.client.AsyncHttpClient;
import dev.ioloop.reactor.loop.SelectorIOLoop;
import dev.ioloop.api.LagProbe;
import dev.ioloop.api.server.ServerConfig;
import dev.ioloop.api.server.ServerCounters;
import dev.ioloop.http.codec.HttpLimits;
import dev.ioloop.http.route.Route;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * One {@link SelectorIOLoop} on its own thread, with what its connections share: the read buffer (one thread reads at
 * a time, so one buffer serves them all), the request handler and the asynchronous client of this loop.
 */
final class LoopWorker {
  private static final System.Logger LOG = System.getLogger(LoopWorker.class.getName());
  /** Room for a whole pipelined batch or a large part of a body per read. */
  private static final int READ_BUFFER_BYTES = 64 * 1024;

  /** How often the lag probe looks: a loop blocked longer than this shows it in /api/stats. */
  private static final Duration LAG_PROBE_PERIOD = Duration.ofMillis(50);

  private final SelectorIOLoop loop = new SelectorIOLoop();
  private final LagProbe lagProbe = new LagProbe(loop, LAG_PROBE_PERIOD);
  private final ServerConfig config;
  private final ServerCounters counters;
  private final HttpLimits limits;
  private final AsyncHttpClient client;
  private final RequestHandler handler;
  private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);
  /** Touched on the loop thread only. */
  private final Set<HttpConnection> connections = new HashSet<>();
  private final Thread thread;
  private volatile boolean draining;
  /** Whether {@link #awaitStopped} released the loop; on the stopping thread only. */
  private boolean released;
  /** Connections receiving a body or with answers not yet written: a graceful stop waits for them. */
  private final AtomicInteger busy = new AtomicInteger();

  LoopWorker(ServerConfig config, ServerCounters counters,
      BiFunction<SelectorIOLoop, AsyncHttpClient, RequestHandler> handlers) {
    this.config = config;
    this.counters = counters;
    this.limits = HttpLimits.DEFAULT.withMaxBodyBytes(config.maxBodyBytes());
    // The server's downstream connections and line shared among its loops: a loop's calls use its own client.
    this.client = new AsyncHttpClient(loop, config.downstreamTimeout(),
        Math.ceilDiv(config.maxDownstreamConnections(), config.loops()),
        Math.ceilDiv(config.maxDownstreamWaiting(), config.loops()), Route.BLOCK2_ANSWER_LIMITS);
    this.handler = handlers.apply(loop, client);
    this.thread = Thread.ofPlatform().name(loop.name()).daemon().unstarted(loop::start);
  }

  void start() {
    lagProbe.start(); // before the loop runs: its first timeout is queued for the first iteration
    thread.start();
  }

  /** Serves an accepted connection on this loop, from any thread; it already counts as open. */
  void adopt(SocketChannel channel) {
    loop.addCallback(() -> {
      try {
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true); // an answer is written whole: no Nagle delay
        HttpConnection connection = new HttpConnection(this, channel);
        connections.add(connection);
        connection.start();
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.WARNING, "cannot serve a new connection", e);
        closeQuietly(channel);
        counters.connectionClosed();
      }
    });
  }

  /** From now on every connection closes after the last answer it owes. */
  void drain() {
    draining = true;
  }

  /** Asks the loop to close every connection and the client, and to stop. Any thread but this loop's. */
  void requestStop() {
    loop.addCallback(() -> {
      List.copyOf(connections).forEach(HttpConnection::close);
      client.close();
      lagProbe.stop();
      loop.stop();
    });
  }

  /**
   * Waits for the loop's thread to end until {@code deadline} (System.nanoTime()) at most, then releases the loop if
   * it did (once); whether it did. It may still be inside a callback (a block2 sleep of up to 60 s).
   */
  boolean awaitStopped(long deadline) {
    try {
      thread.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      return false;
    }
    if (!released) {
      released = true;
      loop.close(true);
    }
    return true;
  }

  /** Interrupts the loop's thread: a callback asleep on it (block2) ends, and the loop runs its stop. */
  void interrupt() {
    thread.interrupt();
  }

  SelectorIOLoop loop() {
    return loop;
  }

  /** The loop's largest lag since the previous call (see {@link LagProbe}). */
  long takeMaxLagNanos() {
    return lagProbe.takeMaxLagNanos();
  }

  ServerConfig config() {
    return config;
  }

  ServerCounters counters() {
    return counters;
  }

  HttpLimits limits() {
    return limits;
  }

  RequestHandler handler() {
    return handler;
  }

  ByteBuffer readBuffer() {
    return readBuffer;
  }

  boolean draining() {
    return draining;
  }

  void busy(int change) {
    busy.addAndGet(change);
  }

  /** Connections receiving a body or writing answers now, from any thread. */
  int busyConnections() {
    return busy.get();
  }

  void closed(HttpConnection connection) {
    connections.remove(connection);
    counters.connectionClosed();
  }

  static void closeQuietly(SocketChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing more can be done with it
    }
  }
}
