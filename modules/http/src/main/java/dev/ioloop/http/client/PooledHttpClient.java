package dev.ioloop.http.client;

import dev.ioloop.api.server.ServerConfig;
import dev.ioloop.api.server.Ticker;
import dev.ioloop.http.client.DownstreamConnection.ReadDeadline;
import dev.ioloop.http.codec.HttpGetRequest;
import dev.ioloop.http.codec.HttpLimits;
import dev.ioloop.http.codec.ReceivedResponse;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A blocking client that keeps its connections: GETs over keep-alive connections pooled per host and port, each call
 * blocking only its own thread. The loom server calls downstream with it; a connection per call
 * ({@link BlockingHttpClient}) cost it and its downstream a connect, an accept and two closes per request
 * (docs/performance.md). The exchange, the deadline and the failures are {@link BlockingHttpClient}'s: the same
 * {@code DownstreamConnection}.
 *
 * <p>The rules:
 * <ul>
 *   <li>A connection goes back to the pool only after a complete response that leaves it open (HTTP/1.1 without
 *       {@code Connection: close}, the body framed by length or chunks, nothing after it:
 *       {@code DownstreamConnection.reusable()}) and only if the calling thread was not interrupted: a cancelled
 *       call closes its connection, as do a failure and a timeout.
 *   <li>At most {@code maxConnectionsPerHost} connections are open per host, busy and idle together
 *       ({@code HostConnections}); a call that finds none idle and no room waits for one within its deadline (504
 *       past it), in a line of at most {@code maxWaitingPerHost} calls, beyond which it fails at once (503). Without
 *       the bound, K concurrent {@code /api/fanout?n=100} opened 100·K sockets (docs/reliability.md, second round).
 *   <li>At most {@code maxIdlePerHost} of them wait idle, the last one put back taken first; one more is closed.
 *   <li>Reads are untimed: a call's deadline is enforced by a sweeper thread, started with the first connection, that
 *       comes by every {@link #SWEEP_TICK} and shuts the input of each call past its deadline (504), within a tick of
 *       it. A socket timeout per read would arm and cancel a timer on the JDK's delay scheduler for every wait, a
 *       wake-up of another thread per call that the loom server shed from its own reads first
 *       (docs/performance.md).
 *   <li>One idle longer than {@code maxIdleTime} is closed by the same sweeper: a pool does not hold sockets for
 *       long after the load is gone, nor ones the server closed meanwhile.
 *   <li>A reused connection the server closed while it was idle fails when used. A GET is idempotent, so a call that
 *       fails on a reused connection before any byte of answer came is retried once, on a fresh connection, within
 *       the same deadline; never after a timeout or an interrupt. (The reactor watches its idle connections for the
 *       close instead; a blocking socket can only be watched by a thread blocked reading it, which a call would have
 *       to interrupt, and so close the socket.)
 *   <li>{@link #close()} closes the idle connections and ends the sweeper; a connection busy with a call is closed
 *       when the call ends, and later calls are refused (502).
 * </ul>
 */
public final class PooledHttpClient implements AutoCloseable {
  /**
   * Idle at once, not open: under load a connection is idle only between two calls, so this bounds the sockets kept
   * after a burst (the reactor's client keeps as many per loop), not the calls.
   */
  public static final int DEFAULT_MAX_IDLE_PER_HOST = 1024;
  /** The servers' default: {@link ServerConfig#DEFAULT_MAX_DOWNSTREAM_CONNECTIONS}. */
  public static final int DEFAULT_MAX_CONNECTIONS_PER_HOST = ServerConfig.DEFAULT_MAX_DOWNSTREAM_CONNECTIONS;
  /**
   * Long enough to carry a connection from one request to the next under load, short enough to be far under any
   * server's idle timeout (the lab's is 60 s), so a server rarely closes a connection the pool still holds.
   */
  public static final Duration DEFAULT_MAX_IDLE_TIME = Duration.ofSeconds(2);
  /**
   * How often the sweeper comes by, at most (half of {@code maxIdleTime} if that is shorter): how late past its
   * deadline a call may end, 1% of the servers' 10 s downstream timeout; one pass over the calls under way is a
   * field read each.
   */
  static final Duration SWEEP_TICK = Duration.ofMillis(100);

  private final CallTimeouts timeouts;
  private final HttpLimits limits;
  private final int maxIdlePerHost;
  private final int maxConnectionsPerHost;
  private final int maxWaitingPerHost;
  private final long maxIdleNanos;
  private final ThreadFactory sweeperThreads;
  private final Map<String, HostConnections> pools = new ConcurrentHashMap<>();
  /** The connections with a call under way, whose deadlines the sweeper watches. */
  private final Set<DownstreamConnection> inCall = ConcurrentHashMap.newKeySet();
  private final AtomicReference<Thread> sweeper = new AtomicReference<>();
  private volatile boolean closed;

  /**
   * With the default limits: 8 KiB of response head, 1 MiB of body, {@link #DEFAULT_MAX_IDLE_PER_HOST},
   * {@link #DEFAULT_MAX_IDLE_TIME}.
   *
   * @param sweeperThreads makes the one thread that ends calls past their deadlines and closes connections idle too
   *                       long
   */
  public PooledHttpClient(Duration connectTimeout, Duration timeout, ThreadFactory sweeperThreads) {
    this(connectTimeout, timeout, HttpLimits.DEFAULT, DEFAULT_MAX_IDLE_PER_HOST, DEFAULT_MAX_IDLE_TIME,
        sweeperThreads);
  }

  /**
   * @param connectTimeout how long connecting may take
   * @param timeout        how long a whole call may take, waiting for a retry's connection included
   * @param limits         the largest response accepted
   * @param maxIdlePerHost how many idle connections to keep per host and port
   * @param maxIdleTime    how long a connection may stay idle before it is closed
   * @param sweeperThreads makes the one thread that ends calls past their deadlines and closes connections idle too
   *                       long
   */
  public PooledHttpClient(Duration connectTimeout, Duration timeout, HttpLimits limits, int maxIdlePerHost,
      Duration maxIdleTime, ThreadFactory sweeperThreads) {
    this(connectTimeout, timeout, limits, DEFAULT_MAX_CONNECTIONS_PER_HOST,
        ServerConfig.DOWNSTREAM_WAITING_PER_CONNECTION * DEFAULT_MAX_CONNECTIONS_PER_HOST, maxIdlePerHost,
        maxIdleTime, sweeperThreads);
  }

  /**
   * @param maxConnectionsPerHost how many connections may be open per host and port, busy and idle
   * @param maxWaitingPerHost     how many calls may wait for one of them; more fail at once (503)
   */
  public PooledHttpClient(Duration connectTimeout, Duration timeout, HttpLimits limits, int maxConnectionsPerHost,
      int maxWaitingPerHost, int maxIdlePerHost, Duration maxIdleTime, ThreadFactory sweeperThreads) {
    if (maxConnectionsPerHost < 1 || maxWaitingPerHost < 0) {
      throw new IllegalArgumentException("maxConnectionsPerHost must be at least 1 and maxWaitingPerHost at least 0, "
          + "not " + maxConnectionsPerHost + " and " + maxWaitingPerHost);
    }
    if (maxIdlePerHost < 1) {
      throw new IllegalArgumentException("maxIdlePerHost must be at least 1, not " + maxIdlePerHost);
    }
    if (maxIdleTime.isNegative() || maxIdleTime.isZero()) {
      throw new IllegalArgumentException("maxIdleTime must be positive, not " + maxIdleTime);
    }
    this.timeouts = new CallTimeouts(connectTimeout, timeout);
    this.limits = Objects.requireNonNull(limits, "limits");
    this.maxIdlePerHost = Math.min(maxIdlePerHost, maxConnectionsPerHost);
    this.maxConnectionsPerHost = maxConnectionsPerHost;
    this.maxWaitingPerHost = maxWaitingPerHost;
    this.maxIdleNanos = maxIdleTime.toNanos();
    this.sweeperThreads = Objects.requireNonNull(sweeperThreads, "sweeperThreads");
  }

  /**
   * GETs {@code url} on an idle connection to its host, or a new one, and returns its response, whatever its status.
   * Waits for a connection if {@code maxConnectionsPerHost} are busy.
   *
   * @throws DownstreamRefusedException   no connection, or the client is closed (502)
   * @throws DownstreamResetException     the connection broke mid-exchange (502)
   * @throws DownstreamMalformedException not an HTTP response, or cut short by a close (502)
   * @throws DownstreamTimeoutException   connecting, waiting for a connection or the whole call took too long (504)
   * @throws DownstreamBusyException      {@code maxWaitingPerHost} calls wait for a connection already (503)
   * @throws IllegalArgumentException     {@code url} is not an {@code http://} URL
   */
  public ReceivedResponse get(URI url) throws DownstreamException {
    HttpGetRequest request = HttpGetRequest.of(url);
    if (closed) {
      throw new DownstreamRefusedException("the client is closed", null);
    }
    CallDeadline deadline = timeouts.start(request);
    HostConnections pool = pools.computeIfAbsent(deadline.hostAndPort(),
        host -> new HostConnections(host, maxConnectionsPerHost, maxIdlePerHost, maxWaitingPerHost));
    DownstreamConnection reused = pool.acquire(deadline); // or null, and the place of a new connection is this call's
    try {
      if (reused != null) {
        try {
          return exchange(pool, reused, request, deadline);
        } catch (DownstreamException e) {
          if (reused.answerBegan() || e instanceof DownstreamTimeoutException
              || Thread.currentThread().isInterrupted()) {
            throw e;
          }
          // The server closed it while it was idle: the request never reached it. Its place goes to a fresh one.
        }
      }
      startSweeperOnce(); // with the client's first connection: a call that reuses one comes after it
      return exchange(pool, DownstreamConnection.open(request, deadline, ReadDeadline.SWEPT), request, deadline);
    } catch (Throwable failed) { // the connection is closed, or was never opened: its place is free
      pool.discard();
      throw failed;
    }
  }

  /**
   * One exchange on {@code connection}, which then goes back to {@code pool}, or is closed and its place given back;
   * a failed exchange closes it and leaves its place with the caller.
   */
  private ReceivedResponse exchange(HostConnections pool, DownstreamConnection connection, HttpGetRequest request,
      CallDeadline deadline) throws DownstreamException {
    ReceivedResponse response;
    inCall.add(connection);
    try {
      response = connection.exchange(request.encodeKeepAlive(), deadline, limits);
    } catch (Throwable failed) {
      connection.close();
      throw failed;
    } finally {
      inCall.remove(connection);
    }
    if (connection.reusable() && !Thread.currentThread().isInterrupted() && pool.release(connection)) {
      if (closed) {
        pool.closeAll(); // close() may have emptied the pool just before this connection went in
      }
    } else {
      connection.close();
      pool.discard();
    }
    return response;
  }

  private void startSweeperOnce() {
    if (sweeper.get() == null) {
      Thread thread = sweeperThreads.newThread(this::sweepUntilClosed);
      if (sweeper.compareAndSet(null, thread)) {
        thread.start(); // one that lost the race is never started
      }
    }
  }

  /** Until close() (which closes what is idle itself); a sweep that fails is logged and the next one goes on. */
  private void sweepUntilClosed() {
    Duration tick = Duration.ofNanos(Math.min(SWEEP_TICK.toNanos(), maxIdleNanos / 2));
    Ticker.every(tick, "the downstream pool's sweeper", () -> {
      if (closed) {
        return false;
      }
      long now = System.nanoTime();
      inCall.forEach(connection -> connection.expireIfLate(now));
      pools.values().forEach(pool -> pool.closeIdleLongerThan(maxIdleNanos, now));
      return true;
    });
  }

  /** Closes every idle connection and ends the sweeper; idempotent. */
  @Override
  public void close() {
    closed = true;
    Thread thread = sweeper.get();
    if (thread != null) {
      thread.interrupt();
    }
    pools.values().forEach(HostConnections::closeAll);
  }
}
