package dev.ioloop.http.client;

import dev.ioloop.api.server.Ticker;
import dev.ioloop.http.codec.HttpGetRequest;
import dev.ioloop.http.codec.HttpLimits;
import dev.ioloop.http.codec.ReceivedResponse;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
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
 *   <li>At most {@code maxIdlePerHost} connections wait idle per host ({@code IdleConnections}), the last one put
 *       back taken first; one more is closed. Busy connections are not counted: each belongs to a call blocking its
 *       own thread, as many as there are calls in flight.
 *   <li>One idle longer than {@code maxIdleTime} is closed by a sweeper thread, started with the first idle
 *       connection, that comes by every half of that time: a pool does not hold sockets for long after the load is
 *       gone, nor ones the server closed meanwhile.
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
  /**
   * Long enough to carry a connection from one request to the next under load, short enough to be far under any
   * server's idle timeout (the lab's is 60 s), so a server rarely closes a connection the pool still holds.
   */
  public static final Duration DEFAULT_MAX_IDLE_TIME = Duration.ofSeconds(2);

  private final CallTimeouts timeouts;
  private final HttpLimits limits;
  private final int maxIdlePerHost;
  private final long maxIdleNanos;
  private final ThreadFactory sweeperThreads;
  private final Map<String, IdleConnections> pools = new ConcurrentHashMap<>();
  private final AtomicReference<Thread> sweeper = new AtomicReference<>();
  private volatile boolean closed;

  /**
   * With the default limits: 8 KiB of response head, 1 MiB of body, {@link #DEFAULT_MAX_IDLE_PER_HOST},
   * {@link #DEFAULT_MAX_IDLE_TIME}.
   *
   * @param sweeperThreads makes the one thread that closes connections idle too long
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
   * @param sweeperThreads makes the one thread that closes connections idle too long
   */
  public PooledHttpClient(Duration connectTimeout, Duration timeout, HttpLimits limits, int maxIdlePerHost,
      Duration maxIdleTime, ThreadFactory sweeperThreads) {
    if (maxIdlePerHost < 1) {
      throw new IllegalArgumentException("maxIdlePerHost must be at least 1, not " + maxIdlePerHost);
    }
    if (maxIdleTime.isNegative() || maxIdleTime.isZero()) {
      throw new IllegalArgumentException("maxIdleTime must be positive, not " + maxIdleTime);
    }
    this.timeouts = new CallTimeouts(connectTimeout, timeout);
    this.limits = Objects.requireNonNull(limits, "limits");
    this.maxIdlePerHost = maxIdlePerHost;
    this.maxIdleNanos = maxIdleTime.toNanos();
    this.sweeperThreads = Objects.requireNonNull(sweeperThreads, "sweeperThreads");
  }

  /**
   * GETs {@code url} on an idle connection to its host, or a new one, and returns its response, whatever its status.
   *
   * @throws DownstreamRefusedException   no connection, or the client is closed (502)
   * @throws DownstreamResetException     the connection broke mid-exchange (502)
   * @throws DownstreamMalformedException not an HTTP response, or cut short by a close (502)
   * @throws DownstreamTimeoutException   connecting or the whole call took too long (504)
   * @throws IllegalArgumentException     {@code url} is not an {@code http://} URL
   */
  public ReceivedResponse get(URI url) throws DownstreamException {
    HttpGetRequest request = HttpGetRequest.of(url);
    if (closed) {
      throw new DownstreamRefusedException("the client is closed", null);
    }
    CallDeadline deadline = timeouts.start(request);
    IdleConnections pool = pools.computeIfAbsent(deadline.hostAndPort(), host -> new IdleConnections(maxIdlePerHost));
    DownstreamConnection reused = pool.take();
    if (reused != null) {
      try {
        return exchange(pool, reused, request, deadline);
      } catch (DownstreamException e) {
        if (reused.answerBegan() || e instanceof DownstreamTimeoutException
            || Thread.currentThread().isInterrupted()) {
          throw e;
        }
        // The server closed it while it was idle: the request never reached it.
      }
    }
    return exchange(pool, DownstreamConnection.open(request, deadline), request, deadline);
  }

  /** One exchange on {@code connection}, which then goes back to {@code pool} or is closed. */
  private ReceivedResponse exchange(IdleConnections pool, DownstreamConnection connection, HttpGetRequest request,
      CallDeadline deadline) throws DownstreamException {
    try {
      return connection.exchange(request.encodeKeepAlive(), deadline, limits);
    } finally {
      release(pool, connection);
    }
  }

  private void release(IdleConnections pool, DownstreamConnection connection) {
    if (connection.reusable() && !Thread.currentThread().isInterrupted() && pool.offer(connection)) {
      startSweeperOnce();
      if (closed) {
        pool.closeAll(); // close() may have emptied the pool just before this connection went in
      }
    } else {
      connection.close();
    }
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
    Ticker.every(Duration.ofNanos(maxIdleNanos / 2), "the downstream pool's sweeper", () -> {
      if (closed) {
        return false;
      }
      long now = System.nanoTime();
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
    pools.values().forEach(IdleConnections::closeAll);
  }
}
