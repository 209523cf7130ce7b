package dev.ioloop.reactor.client;

import dev.ioloop.api.IOLoop;
import dev.ioloop.api.server.ServerConfig;
import dev.ioloop.http.client.DownstreamException;
import dev.ioloop.http.client.DownstreamRefusedException;
import dev.ioloop.http.codec.HttpGetRequest;
import dev.ioloop.http.codec.HttpLimits;
import dev.ioloop.http.codec.ReceivedResponse;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The reactor's asynchronous HTTP client: GETs on the loop it belongs to, over non-blocking keep-alive connections
 * pooled per host, each call bounded by a deadline on the loop's timeout heap. Nothing here blocks the loop.
 *
 * <p>A call fails with the {@link DownstreamException} a server turns into its answer: refused, reset or
 * malformed (502), or too slow (504). Every path closes what it opened: a failed connection is closed, an idle one
 * the server closes is evicted, and {@link #close()} closes them all.
 */
public final class AsyncHttpClient implements AutoCloseable {
  /**
   * Connections one loop keeps to one host, busy and idle together. 1,000 users calling one downstream through
   * two loops need about 500 each; calls beyond the bound wait in line for a connection.
   */
  public static final int DEFAULT_MAX_CONNECTIONS_PER_HOST = 1024;
  private static final int READ_BUFFER_BYTES = 16 * 1024;

  private final IOLoop loop;
  private final Duration timeout;
  private final int maxConnectionsPerHost;
  private final int maxWaitingPerHost;
  private final HttpLimits limits;
  /** Shared by every connection of this client: they are all read on the one loop thread. */
  private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BUFFER_BYTES);
  private final Map<String, HostPool> pools = new HashMap<>();
  private boolean closed;

  /** @param timeout the deadline of each call, connecting and waiting for a connection included */
  public AsyncHttpClient(IOLoop loop, Duration timeout) {
    this(loop, timeout, DEFAULT_MAX_CONNECTIONS_PER_HOST, HttpLimits.DEFAULT);
  }

  public AsyncHttpClient(IOLoop loop, Duration timeout, int maxConnectionsPerHost, HttpLimits limits) {
    this(loop, timeout, maxConnectionsPerHost, ServerConfig.DOWNSTREAM_WAITING_PER_CONNECTION * maxConnectionsPerHost,
        limits);
  }

  /**
   * @param maxConnectionsPerHost connections this loop keeps to one host, busy and idle
   * @param maxWaitingPerHost     calls that may wait in line for one of them; one more fails at once (503)
   */
  public AsyncHttpClient(IOLoop loop, Duration timeout, int maxConnectionsPerHost, int maxWaitingPerHost,
      HttpLimits limits) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, not " + timeout);
    }
    if (maxConnectionsPerHost < 1) {
      throw new IllegalArgumentException("maxConnectionsPerHost must be at least 1, not " + maxConnectionsPerHost);
    }
    this.loop = loop;
    this.timeout = timeout;
    this.maxConnectionsPerHost = maxConnectionsPerHost;
    this.maxWaitingPerHost = maxWaitingPerHost;
    this.limits = limits;
  }

  /**
   * GETs {@code url}; the stage completes on the loop thread with the response, whatever its status, or fails with
   * a {@link DownstreamException}. Called on the loop thread.
   *
   * @throws IllegalArgumentException {@code url} is not an {@code http://} URL
   * @throws IllegalStateException    called from another thread
   */
  public CompletionStage<ReceivedResponse> get(URI url) {
    if (!loop.inLoopThread()) {
      throw new IllegalStateException("the client runs on its loop's thread: " + loop);
    }
    HttpGetRequest request = HttpGetRequest.of(url);
    DownstreamCall call = new DownstreamCall(loop, request);
    if (closed) {
      call.fail(new DownstreamRefusedException("the client is closed", null));
      return call.result;
    }
    HostPool pool = pools.computeIfAbsent(request.hostAndPort(),
        hostAndPort -> new HostPool(loop, request, maxConnectionsPerHost, maxWaitingPerHost, timeout, limits,
            readBuffer));
    call.startDeadline(loop.callLater(timeout, () -> pool.timedOut(call)));
    pool.submit(call);
    return call.result;
  }

  /** Fails the calls under way and closes every connection. On the loop thread; idempotent. */
  @Override
  public void close() {
    closed = true;
    pools.values().forEach(HostPool::close);
    pools.clear();
  }
}
