package dev.ioloop.jetty;

import dev.ioloop.api.server.Engine;
import dev.ioloop.api.server.ServerConfig;
import dev.ioloop.api.server.ServerCounters;
import dev.ioloop.api.server.ServerStats;
import java.util.concurrent.ThreadFactory;
import org.eclipse.jetty.util.BlockingArrayQueue;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ThreadPool;
import org.eclipse.jetty.util.thread.VirtualThreadPool;

/**
 * The one thing the jetty and platform engines differ by: the threads {@link JettyServer} hands to Jetty, for the
 * server (selectors, acceptors and every request) and for jetty-client's downstream calls. Everything else (the
 * connector, the connection rules, the handler, the endpoints, jetty-client) is the same code.
 */
public sealed interface ThreadModel {
  /** Selectors of the connector, on either model: Jetty's own default for either pool (half the cores). */
  int SELECTORS = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
  /** Acceptors of the connector, on either model: Jetty's default. */
  int ACCEPTORS = 1;

  /** Which engine serves with these threads. */
  Engine engine();

  /** The server's pool: its selectors and acceptors run on it too ({@link #SELECTORS}, {@link #ACCEPTORS}). */
  ThreadPool newServerThreads(ServerCounters counters, ServerConfig config);

  /** The executor of jetty-client, separate from the server's: it runs the downstream calls' I/O and callbacks. */
  ThreadPool newClientThreads(ServerCounters counters);

  /** The request pool's figures for {@code /api/stats}, of a pool {@link #newServerThreads} made. */
  ServerStats.Pool stats(ThreadPool serverThreads);

  /**
   * The jetty engine: every task on a virtual thread. Jetty's {@link VirtualThreadPool} limits concurrent tasks
   * (default 200, which caps a server whose handlers wait at 200 / latency requests per second: docs/side-by-side.md,
   * section 7); raised to two per allowed connection: each connection runs one handler at a time, as many again is
   * room for Jetty's selector and I/O tasks. There is no pool of threads to wait for, so its {@code /api/stats} pool
   * is all zeros.
   */
  record VirtualThreads() implements ThreadModel {
    private static final int TASKS_PER_CONNECTION = 2;

    @Override
    public Engine engine() {
      return Engine.JETTY;
    }

    @Override
    public ThreadPool newServerThreads(ServerCounters counters, ServerConfig config) {
      return virtualThreads(counters.virtualThreads("jetty"), TASKS_PER_CONNECTION * config.maxConnections());
    }

    @Override
    public ThreadPool newClientThreads(ServerCounters counters) {
      return virtualThreads(counters.virtualThreads("jetty-client"), 0);
    }

    @Override
    public ServerStats.Pool stats(ThreadPool serverThreads) {
      return ServerStats.Pool.NONE;
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
  }

  /**
   * The platform engine: Jetty's classic {@link QueuedThreadPool}, the model virtual threads replace. {@code threads}
   * platform threads handle requests; a request that finds them all busy waits in the pool's queue, and past
   * {@code queue} waiting tasks it is answered 503 ({@link PlatformThreadPool}). What mirrors what:
   * <ul>
   *   <li>{@code threads} (200) is Tomcat's and Jetty's {@code maxThreads} (200 in both): requests handled at once.
   *   <li>{@code queue} (10,000) is the line of requests waiting for a thread: Jetty's job queue, and Tomcat's
   *       executor queue ({@code maxQueueSize}); in Tomcat's old blocking connector, where a connection held a
   *       thread, that line was the kernel's backlog, {@code acceptCount}.
   *   <li>{@link ServerConfig#maxConnections()} (9,000, {@code --max-connections}) is Tomcat's {@code maxConnections}
   *       (8,192 on NIO): connections held open at once, past which the lab answers 503 (Tomcat stops accepting).
   *   <li>{@link ServerConfig#ACCEPT_BACKLOG} (4,096) is Tomcat's {@code acceptCount} (100) and Jetty's
   *       {@code acceptQueueSize}: connections the kernel holds before the server accepts them. The same on every
   *       engine.
   * </ul>
   *
   * @param threads the request-handling threads: the pool gets {@link #SELECTORS} + {@link #ACCEPTORS} more, which
   *                the connector leases for good, and no reserved threads (see {@link PlatformThreadPool})
   * @param queue   the tasks that may wait for a thread before a new request is refused
   */
  record PlatformThreads(int threads, int queue) implements ThreadModel {
    /** Tomcat's and Jetty's default {@code maxThreads}. */
    public static final int DEFAULT_THREADS = 200;
    /**
     * Larger than the default connection limit (9,000), so that with the defaults the limit refuses first: each
     * connection has at most one task waiting (its set-up, or its next request), so a capacity curve up to the
     * connection limit shows requests queueing (latency growing with the load), not refused. Jetty's and Tomcat's
     * queues are unbounded by default (Jetty warns against bounding it, Tomcat's executor has {@code maxQueueSize});
     * a bound keeps a server past its capacity answering 503 at once rather than after minutes in line.
     */
    public static final int DEFAULT_QUEUE = 10_000;
    /**
     * jetty-client's threads. A call holds none of them while it waits: jetty-client is asynchronous, block2's answer
     * arrives through its selector, and a thread only parses it and completes the call's future (microseconds). So
     * the pool is sized to the cores, not to the calls in flight (200 fanouts of 100 calls are 20,000 calls on these
     * threads): 16 is 8 per core of the lab's 2-core machine, one of them jetty-client's selector (jetty-client's own
     * default is a pool of 200, sized for blocking callers, which these are not). Separate from the
     * request pool: if the calls' callbacks queued behind requests that wait for them, with every request thread
     * waiting in a fanout no callback would ever run (a deadlock until the downstream timeout).
     */
    public static final int CLIENT_THREADS = 16;

    public PlatformThreads {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be at least 1, not " + threads);
      }
      if (queue < 0) {
        throw new IllegalArgumentException("queue must be at least 0, not " + queue);
      }
    }

    /** 200 threads and a queue of 10,000. */
    public static PlatformThreads defaults() {
      return new PlatformThreads(DEFAULT_THREADS, DEFAULT_QUEUE);
    }

    @Override
    public Engine engine() {
      return Engine.PLATFORM;
    }

    @Override
    public ThreadPool newServerThreads(ServerCounters counters, ServerConfig config) {
      return new PlatformThreadPool("platform", threads, SELECTORS + ACCEPTORS, queue);
    }

    @Override
    public ThreadPool newClientThreads(ServerCounters counters) {
      // All its threads from the start, as the request pool's (PlatformThreadPool). An unbounded queue:
      // jetty-client's tasks are its connections' reads and writes, as many as its connections (the destination's
      // limit is maxConnections); refusing one would break a call midway.
      QueuedThreadPool pool = new QueuedThreadPool(CLIENT_THREADS, CLIENT_THREADS, new BlockingArrayQueue<>());
      pool.setName("platform-client");
      return pool;
    }

    @Override
    public ServerStats.Pool stats(ThreadPool serverThreads) {
      return ((PlatformThreadPool) serverThreads).stats();
    }
  }
}
