package dev.ioloop.http.client;

import dev.ioloop.http.codec.HttpGetRequest;
import dev.ioloop.http.codec.HttpLimits;
import dev.ioloop.http.codec.HttpParseException;
import dev.ioloop.http.codec.HttpResponseParser;
import dev.ioloop.http.codec.ReceivedResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One blocking socket to a downstream and the GETs exchanged on it, the one exchange both blocking clients run:
 * {@link BlockingHttpClient} for a single request, {@link PooledHttpClient} for as many as the connection stays
 * reusable. Every failure is the {@link DownstreamException} the calling server answers with. Used by one thread
 * at a time, apart from {@link #expireIfLate}.
 */
final class DownstreamConnection implements AutoCloseable {
  private static final int READ_CHUNK_BYTES = 8 * 1024;

  /** How a call's deadline holds while one of its reads waits. */
  enum ReadDeadline {
    /**
     * Each read's socket timeout is what is left of the call. Nothing else has to run, but a read that waits arms
     * a timer on the JDK's delay scheduler and cancels it when the bytes come: on a virtual thread, a wake-up of
     * another thread per wait.
     */
    SOCKET_TIMEOUT,
    /**
     * Reads are untimed; a sweeper calls {@link #expireIfLate} every tick, which shuts the input of a call past its
     * deadline, so the deadline holds to within a tick. What the loom server does with its own reads
     * ({@code ConnectionSweeper}), for the same reason (docs/performance.md).
     */
    SWEPT
  }

  private final Socket socket;
  private final String hostAndPort;
  private final ReadDeadline readDeadline;
  /** SWEPT: the deadline of the call under way, null between calls and once the sweeper expired the call. */
  private final AtomicReference<CallDeadline> watched = new AtomicReference<>();
  private boolean reusable;
  private boolean answerBegan;
  private long idleSince;

  private DownstreamConnection(Socket socket, String hostAndPort, ReadDeadline readDeadline) {
    this.socket = socket;
    this.hostAndPort = hostAndPort;
    this.readDeadline = readDeadline;
  }

  /** Connects to {@code request}'s host within the connect timeout and what is left of the call. */
  static DownstreamConnection open(HttpGetRequest request, CallDeadline deadline, ReadDeadline readDeadline)
      throws DownstreamException {
    Socket socket = new Socket();
    try {
      socket.connect(request.address(), deadline.connectMillis());
      socket.setTcpNoDelay(true); // a request is written at once, in one piece
      return new DownstreamConnection(socket, deadline.hostAndPort(), readDeadline);
    } catch (DownstreamTimeoutException e) {
      closeQuietly(socket);
      throw e; // no time left to connect
    } catch (SocketTimeoutException e) {
      closeQuietly(socket);
      throw new DownstreamTimeoutException("connecting to " + deadline.hostAndPort() + " timed out", e);
    } catch (IOException e) {
      closeQuietly(socket);
      throw new DownstreamRefusedException("cannot connect to " + deadline.hostAndPort() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes {@code requestBytes} and reads until the response is complete, by the deadline. Afterwards
   * {@link #reusable()} says whether the connection may carry another request, {@link #answerBegan()} whether any
   * byte of this one's answer came.
   *
   * @throws DownstreamResetException     the connection broke mid-exchange (502)
   * @throws DownstreamMalformedException not an HTTP response, or cut short by a close (502)
   * @throws DownstreamTimeoutException   the deadline passed (504)
   */
  ReceivedResponse exchange(byte[] requestBytes, CallDeadline deadline, HttpLimits limits)
      throws DownstreamException {
    reusable = false;
    answerBegan = false;
    boolean swept = readDeadline == ReadDeadline.SWEPT;
    if (swept) {
      watched.set(deadline);
    }
    try {
      socket.getOutputStream().write(requestBytes);
      HttpResponseParser parser = new HttpResponseParser(limits);
      InputStream in = socket.getInputStream();
      byte[] chunk = new byte[READ_CHUNK_BYTES];
      while (true) {
        int millisLeft = deadline.readMillis(); // none left is a timeout, either way
        if (!swept) {
          socket.setSoTimeout(millisLeft);
        }
        int count = in.read(chunk);
        if (count < 0) {
          if (swept && expiredBySweeper()) {
            throw deadline.expired(null); // the end of input is the sweeper's doing, not the server's
          }
          return parser.endOfInput();
        }
        answerBegan = true;
        ByteBuffer received = ByteBuffer.wrap(chunk, 0, count);
        ReceivedResponse response = parser.parse(received);
        if (response != null) {
          // Bytes past the response were never asked for: the framing of what follows cannot be trusted.
          reusable = response.keepAlive() && !received.hasRemaining();
          return response;
        }
      }
    } catch (DownstreamTimeoutException e) {
      throw e; // the deadline passed between two reads: an IOException too, but no reset
    } catch (SocketTimeoutException e) {
      throw deadline.expired(e);
    } catch (HttpParseException e) {
      throw new DownstreamMalformedException(e);
    } catch (IOException e) {
      if (swept && expiredBySweeper()) {
        throw deadline.expired(e);
      }
      throw new DownstreamResetException("connection to " + hostAndPort + " broke: " + e.getMessage(), e);
    } finally {
      if (swept && watched.getAndSet(null) == null) {
        reusable = false; // expired as the answer completed: its input is shut
      }
    }
  }

  /**
   * SWEPT: ends the call under way if its deadline is at or before {@code nowNanos} (System.nanoTime()), by shutting
   * the socket's input: its read returns, and the call fails with a timeout (504). Called by a sweeper thread; the
   * compare-and-set on the call's own deadline makes sure a call that ended meanwhile, or the next one, is left be.
   */
  void expireIfLate(long nowNanos) {
    CallDeadline deadline = watched.get();
    if (deadline != null && deadline.passedAt(nowNanos) && watched.compareAndSet(deadline, null)) {
      try {
        socket.shutdownInput();
      } catch (IOException closedMeanwhile) {
        // the call failed or ended already: nothing left to end
      }
    }
  }

  /** Under way a call's deadline is watched; none watched means the sweeper took it. */
  private boolean expiredBySweeper() {
    return watched.get() == null;
  }

  /** The last exchange ended with a complete response after which the server keeps the connection open. */
  boolean reusable() {
    return reusable;
  }

  /** Whether the last exchange received any byte: if not, the server never began to answer. */
  boolean answerBegan() {
    return answerBegan;
  }

  /** Marks the connection idle from now (a pool's business: {@link #idleLongerThan}). */
  void idleFromNow() {
    idleSince = System.nanoTime();
  }

  boolean idleLongerThan(long nanos, long nowNanos) {
    return nowNanos - idleSince > nanos;
  }

  /** The exchange is over, or failed already: a failing close changes neither, so it is not reported. */
  @Override
  public void close() {
    closeQuietly(socket);
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // nothing to add to the outcome
    }
  }
}
