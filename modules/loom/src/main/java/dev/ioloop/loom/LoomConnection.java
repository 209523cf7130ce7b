package dev.ioloop.loom;

import dev.ioloop.api.server.ServerConfig;
import dev.ioloop.api.server.ServerCounters;
import dev.ioloop.http.HttpLimits;
import dev.ioloop.http.HttpParseException;
import dev.ioloop.http.HttpRequest;
import dev.ioloop.http.HttpRequestParser;
import dev.ioloop.http.HttpResponse;
import dev.ioloop.http.HttpResponseEncoder;
import dev.ioloop.http.HttpStatus;
import dev.ioloop.http.HttpVersion;
import dev.ioloop.http.MessageProgress;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * One client connection, served on its own virtual thread from top to bottom: read until a request is complete,
 * answer it, and again while the connection is kept alive, so pipelined requests are answered in the order they
 * came. Reads and writes block (parking only this virtual thread) and go through the shared codec.
 *
 * <p>Timeouts are the socket's read timeout, set before every read: waiting for a request, {@code idleTimeout}, then
 * a silent close; once part of a head has come, what is left until {@code headerTimeout} after its first bytes (a
 * deadline, so trickling bytes buys no time), then 408; a body that stalls for {@code idleTimeout}, 408 too.
 * A request that cannot be read gets its status (400, 413, 431, 501) and a close.
 */
final class LoomConnection {
  /**
   * One read's worth: the parser keeps what a partial read leaves for the next, so a larger head (8 KiB at most) or
   * body just takes more reads. Small, because a connection holds it all the time, also while its request sleeps:
   * with 16 KiB a request waiting in /api/sleep cost 20 KB of heap, with 2 KiB 5.6 KB, Jetty's 5.9
   * (docs/performance.md); a typical request head is a few hundred bytes.
   */
  private static final int READ_BUFFER_BYTES = 2 * 1024;
  /**
   * After a last answer, how long the client may go on sending. Closing with unread input makes the kernel send a
   * reset, which can destroy the answer before the client reads it; so the server stops writing, reads what still
   * comes until the client closes, and closes itself after this at the latest (a lingering close).
   */
  static final Duration LINGER = Duration.ofSeconds(2);

  /** Whether the connection waits for a request, answers one, or is closed: what a shutdown may close at once. */
  private enum State { WAITING, ANSWERING, CLOSED }

  private final Socket socket;
  private final ServerConfig config;
  private final LoomEndpoints endpoints;
  private final ServerCounters counters;
  private final BooleanSupplier draining;
  private final HttpRequestParser parser;
  /** Received bytes the parser has not taken yet, ready to be read from (flipped). */
  private final ByteBuffer input = ByteBuffer.allocate(READ_BUFFER_BYTES).flip();
  private final AtomicReference<State> state = new AtomicReference<>(State.WAITING);

  /** @param draining whether the server is shutting down: answers then close their connection */
  LoomConnection(Socket socket, ServerConfig config, LoomEndpoints endpoints, ServerCounters counters,
      BooleanSupplier draining) {
    this.socket = socket;
    this.config = config;
    this.endpoints = endpoints;
    this.counters = counters;
    this.draining = draining;
    this.parser = new HttpRequestParser(HttpLimits.DEFAULT.withMaxBodyBytes(config.maxBodyBytes()));
  }

  /** Serves requests until the client closes, stays idle too long, sends what cannot be read, or the server stops. */
  void serve() {
    try {
      socket.setTcpNoDelay(true); // each answer is one write; Nagle would hold it back for the client's ACK
      HttpRequest request;
      while ((request = readRequest()) != null && answer(request)) {
        // the next request on this connection, in order
      }
    } catch (HttpParseException unreadable) {
      lastAnswer(HttpResponse.error(unreadable.status(), unreadable.reason()));
    } catch (IOException | InterruptedException gone) {
      // the client went away, or the server is stopping: there is no one to answer
    } finally {
      closeNow();
    }
  }

  /** Answers 503 and closes: the server already serves as many connections as it may. */
  void refuseOverLimit() {
    lastAnswer(HttpResponse.error(HttpStatus.SERVICE_UNAVAILABLE,
        "server busy: at its limit of " + config.maxConnections() + " connections"));
    closeNow();
  }

  /** Closes the connection if it is waiting for a request; one being answered closes itself after its answer. */
  void closeIfWaiting() {
    if (state.compareAndSet(State.WAITING, State.CLOSED)) {
      closeSocket();
    }
  }

  /** Closes the connection whatever it is doing, which ends any blocked read or write on it. */
  void closeNow() {
    state.set(State.CLOSED);
    closeSocket();
  }

  /**
   * The next request, or null when the client closed or stayed idle for {@code idleTimeout} between requests.
   *
   * @throws HttpParseException the request cannot be read, or its head or body did not arrive in time (408)
   */
  private HttpRequest readRequest() throws IOException, HttpParseException {
    long headDeadline = 0; // set once the head's first bytes are in
    HttpRequest request;
    while ((request = parser.parse(input)) == null) {
      MessageProgress progress = parser.progress();
      if (progress == MessageProgress.HEAD && headDeadline == 0) {
        headDeadline = System.nanoTime() + config.headerTimeout().toNanos();
      }
      long timeout = progress == MessageProgress.HEAD
          ? headDeadline - System.nanoTime()
          : config.idleTimeout().toNanos();
      try {
        if (!fill(timeout)) {
          return null;
        }
      } catch (SocketTimeoutException late) {
        if (progress == MessageProgress.IDLE) {
          return null;
        }
        // Reusing the codec's "cannot read this request" for the one status it does not know itself.
        throw new HttpParseException(HttpStatus.REQUEST_TIMEOUT, progress == MessageProgress.HEAD
            ? "request headers not complete within " + config.headerTimeout().toMillis() + " ms"
            : "request body stalled for " + config.idleTimeout().toMillis() + " ms");
      }
    }
    return request;
  }

  /** Reads what arrives within {@code timeoutNanos} into the (used up) input; false at the end of the stream. */
  private boolean fill(long timeoutNanos) throws IOException {
    if (timeoutNanos <= 0) {
      throw new SocketTimeoutException();
    }
    socket.setSoTimeout(Math.clamp((timeoutNanos + 999_999) / 1_000_000, 1, Integer.MAX_VALUE)); // 0 means never
    int count = socket.getInputStream().read(input.array(), 0, input.capacity());
    if (count < 0) {
      return false;
    }
    input.limit(count).position(0);
    return true;
  }

  /** Answers one request; whether the connection stays open for the next. */
  private boolean answer(HttpRequest request) throws IOException, InterruptedException {
    if (!state.compareAndSet(State.WAITING, State.ANSWERING)) {
      return false; // a shutdown closed the connection as this request arrived
    }
    counters.requestStarted();
    boolean keepAlive;
    try {
      HttpResponse response = endpoints.answer(request);
      keepAlive = request.keepAlive() && !draining.getAsBoolean();
      write(HttpResponseEncoder.encode(response, request.version(), keepAlive));
    } finally {
      counters.requestFinished();
    }
    if (!keepAlive) {
      lingerUntilClientCloses();
      return false;
    }
    if (!state.compareAndSet(State.ANSWERING, State.WAITING)) {
      return false; // the shutdown's grace ran out: it closed the connection
    }
    if (draining.getAsBoolean()) { // a shutdown began while this was answered, and may have missed it
      closeIfWaiting();
      return false;
    }
    return true;
  }

  /** Writes an answer that ends the connection, then closes it the lingering way. */
  private void lastAnswer(HttpResponse response) {
    try {
      write(HttpResponseEncoder.encode(response, HttpVersion.HTTP_1_1, false));
      lingerUntilClientCloses();
    } catch (IOException gone) {
      // the client left before its answer: nothing more to do
    }
  }

  private void write(ByteBuffer encoded) throws IOException {
    socket.getOutputStream().write(encoded.array(), encoded.arrayOffset() + encoded.position(), encoded.remaining());
  }

  /** See {@link #LINGER}: no more output, and the input read and dropped until the client closes or time is up. */
  private void lingerUntilClientCloses() throws IOException {
    socket.shutdownOutput();
    long deadline = System.nanoTime() + LINGER.toNanos();
    try {
      while (fill(deadline - System.nanoTime())) {
        // dropped: the connection answers nothing more
      }
    } catch (SocketTimeoutException lingeredEnough) {
      // the client keeps the connection open; it has its answer, so close anyway
    }
  }

  private void closeSocket() {
    try {
      socket.close();
    } catch (IOException alreadyBroken) {
      // closing is all that was left to do with it
    }
  }
}
