package dev.ioloop.reactor.server;

import dev.ioloop.reactor.client.AsyncHttpClient;
import dev.ioloop.reactor.loop.SelectorIOLoop;
import dev.ioloop.api.LoopStats;
import dev.ioloop.api.server.Engine;
import dev.ioloop.api.server.LabServer;
import dev.ioloop.api.server.ServerConfig;
import dev.ioloop.api.server.ServerCounters;
import dev.ioloop.api.server.ServerStats;
import dev.ioloop.http.client.BlockingHttpClient;
import dev.ioloop.http.route.Route;
import dev.ioloop.http.route.StatsJson;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The reactor engine: HTTP/1.1 on {@link ServerConfig#loops()} {@link SelectorIOLoop}s, each on its own thread. Loop
 * 0 also accepts, and deals connections to the loops round-robin; a connection lives on its loop for good. With one
 * loop this is exactly Tornado's single-threaded server: one blocking call stalls every connection.
 */
public final class ReactorServer implements LabServer {
  private static final System.Logger LOG = System.getLogger(ReactorServer.class.getName());
  /**
   * How long the loops may take to stop once asked, after the grace: a loop inside a callback that blocks it (block2)
   * is then interrupted, and given {@link #INTERRUPT_PATIENCE} more. So a stop takes at most its grace and 1.5 s,
   * where it took up to 70 s to stop accepting and 70 s per loop, in turn (docs/reliability.md, second round).
   */
  private static final Duration STOP_PATIENCE = Duration.ofMillis(500);
  private static final Duration INTERRUPT_PATIENCE = Duration.ofSeconds(1);
  private static final Duration DRAIN_POLL = Duration.ofMillis(10);

  /** Makes the request handler of one loop, given the loop, its asynchronous client and the server's stats. */
  @FunctionalInterface
  interface HandlerFactory {
    RequestHandler create(SelectorIOLoop loop, AsyncHttpClient client, Supplier<ServerStats> stats);
  }

  private final ServerConfig config;
  private final ServerCounters counters = new ServerCounters();
  private final ServerSocketChannel listener;
  private final InetSocketAddress address;
  private final List<LoopWorker> workers = new ArrayList<>();
  private final Acceptor acceptor;
  private final AtomicBoolean shutdown = new AtomicBoolean();

  private ReactorServer(ServerConfig config, ServerSocketChannel listener, HandlerFactory handlers)
      throws IOException {
    this.config = config;
    this.listener = listener;
    this.address = (InetSocketAddress) listener.getLocalAddress();
    for (int i = 0; i < config.loops(); i++) {
      workers.add(new LoopWorker(config, counters, (loop, client) -> handlers.create(loop, client, this::stats)));
    }
    this.acceptor = new Acceptor(workers.getFirst().loop(), listener, workers, counters, config);
  }

  /**
   * Binds {@code config.host():config.port()} and serves the lab's endpoints.
   *
   * @throws java.net.BindException the port is taken
   */
  public static ReactorServer start(ServerConfig config) throws IOException {
    BlockingHttpClient blockingClient = new BlockingHttpClient(config.downstreamTimeout(), config.downstreamTimeout(),
        Route.BLOCK2_ANSWER_LIMITS);
    // Jackson builds its serializer on the first encode (about 100 ms here): pay that now, not on a loop thread
    // during the first /api/stats, where the watchdog would rightly count it as a slow callback.
    StatsJson.encode(new ServerCounters().snapshot(Engine.REACTOR, 0, ServerStats.Loop.NONE, ServerStats.Pool.NONE));
    return start(config, (loop, client, stats) ->
        new ReactorEndpoints(loop, new ReactorDownstream(config.downstream(), blockingClient, client), stats));
  }

  /** Serves with the handlers {@code handlers} makes, one per loop. */
  static ReactorServer start(ServerConfig config, HandlerFactory handlers) throws IOException {
    ServerSocketChannel listener = ServerSocketChannel.open();
    try {
      listener.bind(new InetSocketAddress(config.host(), config.port()), ServerConfig.ACCEPT_BACKLOG);
      ReactorServer server = new ReactorServer(config, listener, handlers);
      server.workers.forEach(LoopWorker::start);
      server.acceptor.start();
      return server;
    } catch (IOException | RuntimeException e) {
      listener.close();
      throw e;
    }
  }

  @Override
  public InetSocketAddress address() {
    return address;
  }

  @Override
  public Engine engine() {
    return Engine.REACTOR;
  }

  /**
   * The shared counters, the slow callbacks of all loops, and the largest lag of any loop since the previous
   * snapshot: a loop stalled by /api/block shows the stall here, measured by its {@link dev.ioloop.api.LagProbe}.
   */
  @Override
  public ServerStats stats() {
    double lagMillis = 0;
    long slowCallbacks = 0;
    for (LoopWorker worker : workers) {
      LoopStats loop = worker.loop().stats();
      lagMillis = Math.max(lagMillis, worker.takeMaxLagNanos() / 1e6);
      slowCallbacks += loop.slowCallbacks();
    }
    return counters.snapshot(Engine.REACTOR, 0, new ServerStats.Loop(workers.size(), lagMillis, slowCallbacks),
        ServerStats.Pool.NONE);
  }

  /**
   * Stops accepting, lets the requests in flight finish for up to {@code grace} (each connection closes after the
   * last answer it owes), then closes every connection and stops and closes every loop, all at once. A loop still
   * inside a callback {@link #STOP_PATIENCE} later is interrupted (a sleep ends; a blocking socket read of
   * {@code /api/block} on a platform thread does not, and ends by its downstream timeout). Not from a loop thread.
   */
  @Override
  public void shutdown(Duration grace) {
    if (!shutdown.compareAndSet(false, true)) {
      return;
    }
    long deadline = System.nanoTime() + grace.toNanos();
    stopAccepting(deadline);
    workers.forEach(LoopWorker::drain);
    while ((counters.inFlight() > 0 || busyConnections() > 0) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(DRAIN_POLL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    workers.forEach(LoopWorker::requestStop);
    long stopDeadline = System.nanoTime() + STOP_PATIENCE.toNanos();
    List<LoopWorker> stuck = workers.stream().filter(worker -> !worker.awaitStopped(stopDeadline)).toList();
    if (stuck.isEmpty()) {
      return;
    }
    stuck.forEach(LoopWorker::interrupt);
    long interruptDeadline = System.nanoTime() + INTERRUPT_PATIENCE.toNanos();
    for (LoopWorker worker : stuck) {
      if (!worker.awaitStopped(interruptDeadline)) {
        // A daemon thread, left to end on its own; its loop closes what it holds when it does.
        LOG.log(Level.WARNING, "{0} did not stop within {1} of the grace, though interrupted; left to finish its "
            + "callback", worker.loop(), STOP_PATIENCE.plus(INTERRUPT_PATIENCE));
      }
    }
  }

  /** Connections receiving a body or writing answers: in flight too, for a graceful stop. */
  private int busyConnections() {
    return workers.stream().mapToInt(LoopWorker::busyConnections).sum();
  }

  /** Asks loop 0 to stop accepting, and waits for it until {@code deadline} at most (it may be inside a callback). */
  private void stopAccepting(long deadline) {
    CompletableFuture<Void> stopped = new CompletableFuture<>();
    workers.getFirst().loop().addCallback(() -> {
      acceptor.stop();
      stopped.complete(null);
    });
    try {
      stopped.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // Loop 0 is stuck in a callback: close the listener from here; its registration goes with the loop (the socket
      // itself closes once the loop deregisters it, at the latest when the loop is stopped below).
      try {
        listener.close();
      } catch (IOException closing) {
        LOG.log(Level.WARNING, "closing the listening socket failed", closing);
      }
    }
  }

  @Override
  public String toString() {
    return "reactor server on " + address + " (" + workers.size() + " loops)";
  }
}
