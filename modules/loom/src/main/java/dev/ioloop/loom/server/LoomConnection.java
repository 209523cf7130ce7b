package dev.ioloop.loom.server;

import dev.ioloop.loom.endpoints.LoomEndpoints;
import dev.ioloop.api.server.ServerConfig;
import dev.ioloop.api.server.ServerCounters;
import dev.ioloop.http.codec.HttpLimits;
import dev.ioloop.http.codec.HttpParseException;
import dev.ioloop.http.codec.HttpRequest;
import dev.ioloop.http.codec.HttpRequestParser;
import dev.ioloop.http.codec.HttpResponse;
import dev.ioloop.http.codec.HttpResponseEncoder;
import dev.ioloop.http.codec.HttpStatus;
import dev.ioloop.http.codec.HttpVersion;
import dev.ioloop.http.codec.MessageProgress;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * One client connection, served on its own virtual thread from top to bottom: read until a request is complete,
 * answer it, and again while the connection is kept alive, so pipelined requests are answered in the order they
 * came. Reads and writes block (parking only this virtual thread) and go through the shared codec.
 *
 * <p>Reads never time out by themselves: before a wait the connection sets its deadline, and the server's
 * {@link ConnectionSweeper} expires it once it has passed, which ends the read (see {@link #expireIfLate}); the
 * connection's own thread then answers and closes, so every write stays on it. The deadlines: waiting for a request,
 * {@code idleTimeout} after the last answer, then a silent close; once part of a head has come, {@code headerTimeout}
 * after its first bytes (so trickling bytes buys no time), then 408; a body that stalls for {@code idleTimeout}, 408
 * too; a lingering close, {@link ServerConfig#LINGER}. While a request is answered there is none. A request that cannot be read
 * gets its status (400, 413, 431, 501) and a close.
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
   * What the connection is doing, which decides what the sweeper and a shutdown may do to it. The connection's thread
   * moves between reading and answering; the sweeper moves a late read to EXPIRED, a shutdown a read to CLOSED; each
   * by compare-and-set on the one {@link #state}, so a read that ends as its deadline passes is either expired or not.
   */
  private sealed interface State permits Reading, Phase {}

  /**
   * In a read, or about to start one, that must end by {@code deadline} (System.nanoTime()): waiting for a request,
   * in the middle of one, or lingering. A new record per deadline, so the sweeper's compare-and-set cannot take a
   * later wait for the one it found late.
   */
  private record Reading(long deadline) implements State {}

  private enum Phase implements State {
    /** A request is being answered: it never times out. */
    ANSWERING,
    /** The sweeper found the read late and shut the input, which ends the read: the connection answers and closes. */
    EXPIRED,
    CLOSED
  }

  private final Socket socket;
  private final ServerConfig config;
  private final LoomEndpoints endpoints;
  private final ServerCounters counters;
  private final BooleanSupplier draining;
  private final HttpRequestParser parser;
  /** Received bytes the parser has not taken yet, ready to be read from (flipped). */
  private final ByteBuffer input = ByteBuffer.allocate(READ_BUFFER_BYTES).flip();
  private final AtomicReference<State> state;

  /** @param draining whether the server is shutting down: answers then close their connection */
  LoomConnection(Socket socket, ServerConfig config, LoomEndpoints endpoints, ServerCounters counters,
      BooleanSupplier draining) {
    this.socket = socket;
    this.config = config;
    this.endpoints = endpoints;
    this.counters = counters;
    this.draining = draining;
    this.parser = new HttpRequestParser(HttpLimits.DEFAULT.withMaxBodyBytes(config.maxBodyBytes()));
    this.state = new AtomicReference<>(new Reading(idleDeadline()));
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
        config.overConnectionLimitReason()));
    closeNow();
  }

  /**
   * Closes the connection if it is reading (waiting for a request, or lingering); one being answered closes itself
   * after its answer.
   */
  void closeIfWaiting() {
    for (State current = state.get(); current instanceof Reading; current = state.get()) {
      if (state.compareAndSet(current, Phase.CLOSED)) {
        closeSocket();
        return;
      }
    }
  }

  /** Closes the connection whatever it is doing, which ends any blocked read or write on it. */
  void closeNow() {
    state.set(Phase.CLOSED);
    closeSocket();
  }

  /**
   * Called by the sweeper: if the connection is in a read whose deadline is at or before {@code now}, marks it
   * expired and shuts its input. That ends a blocked read at once, also on a virtual thread (the JDK stops polling the
   * socket and the read returns -1), and unlike a close it leaves the output open for a 408. The socket stays open
   * until the connection's thread closes it. Such a 408 gets no lingering close, as a shut input reads nothing more:
   * the client has the 408 and the FIN before the reset that bytes it still sends may cause.
   */
  void expireIfLate(long now) {
    if (state.get() instanceof Reading reading && now - reading.deadline() >= 0
        && state.compareAndSet(reading, Phase.EXPIRED)) {
      try {
        socket.shutdownInput();
      } catch (IOException closedMeanwhile) {
        // the read has ended already
      }
    }
  }

  /**
   * The next request, or null when the client closed or stayed idle for {@code idleTimeout} between requests.
   *
   * @throws HttpParseException the request cannot be read, or its head or body did not arrive in time (408)
   */
  private HttpRequest readRequest() throws IOException, HttpParseException {
    boolean headStarted = false; // until then the idle deadline holds, set by answer() or the constructor
    HttpRequest request;
    while ((request = parser.parse(input)) == null) {
      MessageProgress progress = parser.progress();
      if (progress == MessageProgress.HEAD && !headStarted) {
        headStarted = true;
        readUntil(System.nanoTime() + config.headerTimeout().toNanos());
      } else if (progress == MessageProgress.BODY) {
        readUntil(idleDeadline());
      }
      try {
        if (!fill()) {
          return null;
        }
      } catch (SocketTimeoutException late) {
        if (progress == MessageProgress.IDLE) {
          return null;
        }
        // Reusing the codec's "cannot read this request" for the one status it does not know itself.
        throw new HttpParseException(HttpStatus.REQUEST_TIMEOUT, progress == MessageProgress.HEAD
            ? config.headersTooSlowReason()
            : "request body stalled for " + config.idleTimeout().toMillis() + " ms");
      }
    }
    return request;
  }

  /**
   * Gives the reads from now on until {@code deadline}, unless the sweeper expired the connection or a shutdown closed
   * it meanwhile: those stay, and the next read ends at once.
   */
  private void readUntil(long deadline) {
    Reading next = new Reading(deadline);
    for (State current = state.get(); current != Phase.EXPIRED && current != Phase.CLOSED; current = state.get()) {
      if (state.compareAndSet(current, next)) {
        return;
      }
    }
  }

  private long idleDeadline() {
    return System.nanoTime() + config.idleTimeout().toNanos();
  }

  /**
   * Reads what arrives into the (used up) input, waiting as long as it takes: false at the end of the stream.
   *
   * @throws SocketTimeoutException the read ended because the sweeper found it past its deadline
   */
  private boolean fill() throws IOException {
    int count = socket.getInputStream().read(input.array(), 0, input.capacity());
    if (count < 0) {
      if (state.get() == Phase.EXPIRED) {
        throw new SocketTimeoutException("read deadline passed");
      }
      return false;
    }
    input.limit(count).position(0);
    return true;
  }

  /** Answers one request; whether the connection stays open for the next. */
  private boolean answer(HttpRequest request) throws IOException, InterruptedException {
    if (!(state.get() instanceof Reading reading) || !state.compareAndSet(reading, Phase.ANSWERING)) {
      return false; // the sweeper or a shutdown ended the wait as this request arrived
    }
    long started = counters.requestStarted();
    boolean keepAlive;
    try {
      HttpResponse response = endpoints.answer(request);
      keepAlive = request.keepAlive() && !draining.getAsBoolean();
      write(HttpResponseEncoder.encode(response, request.version(), keepAlive));
    } finally {
      counters.requestFinished(started);
    }
    if (!keepAlive) {
      lingerUntilClientCloses();
      return false;
    }
    if (!state.compareAndSet(Phase.ANSWERING, new Reading(idleDeadline()))) {
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

  /** See {@link ServerConfig#LINGER}: no more output, and the input read and dropped until the client closes or time is up. */
  private void lingerUntilClientCloses() throws IOException {
    socket.shutdownOutput();
    readUntil(System.nanoTime() + ServerConfig.LINGER.toNanos());
    try {
      while (fill()) {
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
