package dev.ioloop.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The small blocking client both stacks use for {@code /api/block}: one GET per connection over a plain
 * {@link Socket}, returning when the response is complete. On a virtual thread its reads park the virtual thread; on
 * the reactor's loop thread they stall the whole loop, which is the anti-pattern the demo shows.
 *
 * <p>No connection is kept between calls ({@code Connection: close}): the client stays small and thread-safe, and
 * never sends on a pooled connection the server has meanwhile closed. On loopback a connect costs microseconds next
 * to block2's milliseconds.
 */
public final class BlockingHttpClient {
  private static final int READ_CHUNK_BYTES = 8 * 1024;

  private final Duration connectTimeout;
  private final Duration timeout;
  private final HttpLimits limits;

  /** With the default response limits: 8 KiB of head, 1 MiB of body. */
  public BlockingHttpClient(Duration connectTimeout, Duration timeout) {
    this(connectTimeout, timeout, HttpLimits.DEFAULT);
  }

  /**
   * @param connectTimeout how long connecting may take
   * @param timeout        how long a whole call may take, connecting included: a deadline, not a per-read timeout,
   *                       so a downstream that trickles bytes cannot hold a call longer
   * @param limits         the largest response accepted
   */
  public BlockingHttpClient(Duration connectTimeout, Duration timeout, HttpLimits limits) {
    this.connectTimeout = requirePositive(connectTimeout, "connectTimeout");
    this.timeout = requirePositive(timeout, "timeout");
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /**
   * GETs {@code url} and returns its response, whatever its status.
   *
   * @throws DownstreamRefusedException   no connection (502)
   * @throws DownstreamResetException     the connection broke mid-exchange (502)
   * @throws DownstreamMalformedException not an HTTP response, or cut short by a close (502)
   * @throws DownstreamTimeoutException   connecting or the whole call took too long (504)
   * @throws IllegalArgumentException     {@code url} is not an {@code http://} URL
   */
  public ReceivedResponse get(URI url) throws DownstreamException {
    HttpGetRequest request = HttpGetRequest.of(url);
    long deadline = System.nanoTime() + timeout.toNanos();
    Socket socket = new Socket();
    try {
      connect(socket, request, deadline);
      return exchange(socket, request, deadline);
    } finally {
      closeAfterExchange(socket);
    }
  }

  private void connect(Socket socket, HttpGetRequest request, long deadline) throws DownstreamException {
    InetSocketAddress address = request.address();
    int millis = timeoutMillis(Math.min(connectTimeout.toNanos(), deadline - System.nanoTime()));
    try {
      socket.connect(address, millis);
    } catch (SocketTimeoutException e) {
      throw new DownstreamTimeoutException("connecting to " + hostAndPort(request) + " timed out", e);
    } catch (IOException e) {
      throw new DownstreamRefusedException("cannot connect to " + hostAndPort(request) + ": " + e.getMessage(), e);
    }
  }

  private ReceivedResponse exchange(Socket socket, HttpGetRequest request, long deadline)
      throws DownstreamException {
    try {
      socket.setTcpNoDelay(true); // the request is written at once, in one piece
      socket.getOutputStream().write(request.encode());
      HttpResponseParser parser = new HttpResponseParser(limits);
      InputStream in = socket.getInputStream();
      byte[] chunk = new byte[READ_CHUNK_BYTES];
      while (true) {
        socket.setSoTimeout(timeoutMillis(deadline - System.nanoTime()));
        int count = in.read(chunk);
        if (count < 0) {
          return parser.endOfInput();
        }
        ReceivedResponse response = parser.parse(ByteBuffer.wrap(chunk, 0, count));
        if (response != null) {
          return response;
        }
      }
    } catch (DownstreamTimeoutException e) {
      throw e; // the deadline passed between two reads: an IOException too, but no reset
    } catch (SocketTimeoutException e) {
      throw timedOut(request, e);
    } catch (HttpParseException e) {
      throw new DownstreamMalformedException(e);
    } catch (IOException e) {
      throw new DownstreamResetException("connection to " + hostAndPort(request) + " broke: " + e.getMessage(), e);
    }
  }

  /** Milliseconds for a socket timeout, at least 1 (0 would mean forever); none left is a timeout. */
  private int timeoutMillis(long nanosLeft) throws DownstreamTimeoutException {
    if (nanosLeft <= 0) {
      throw timedOut(null, null);
    }
    return Math.clamp((nanosLeft + 999_999) / 1_000_000, 1, Integer.MAX_VALUE);
  }

  private DownstreamTimeoutException timedOut(HttpGetRequest request, Throwable cause) {
    String what = request == null ? "downstream" : hostAndPort(request);
    return new DownstreamTimeoutException(what + " did not answer within " + timeout.toMillis() + " ms", cause);
  }

  /** The response is complete, or the call failed already: a failing close changes neither, so it is not reported. */
  private static void closeAfterExchange(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // nothing to add to the outcome
    }
  }

  private static String hostAndPort(HttpGetRequest request) {
    return request.host() + ":" + request.port();
  }

  private static Duration requirePositive(Duration duration, String name) {
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, not " + duration);
    }
    return duration;
  }
}
