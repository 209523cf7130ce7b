package dev.ioloop.loom.server;

import dev.ioloop.loom.endpoints.LoomEndpoints;
import dev.ioloop.api.server.ServerConfig;
import dev.ioloop.api.server.ServerCounters;
import dev.ioloop.http.codec.HttpParseException;
import dev.ioloop.http.codec.HttpRequest;
import dev.ioloop.http.codec.HttpRequestParser;
import dev.ioloop.http.codec.HttpResponse;
import dev.ioloop.http.codec.HttpResponseEncoder;
import dev.ioloop.http.codec.HttpStatus;
import dev.ioloop.http.codec.HttpVersion;
import dev.ioloop.http.codec.MessageProgress;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
 * after its first bytes (so trickling bytes buys no time), then 408; a body not complete within {@code headerTimeout}
 * after its head's completion, 408 too; a lingering close, {@link ServerConfig#LINGER}. While a request is answered
 * there is none. A head that asks for {@code Expect: 100-continue} and is accepted gets {@code 100 Continue} before
 * its body is read. A request that cannot be read gets its status (400, 413, 417, 431, 501, 505) and a close.
 *
 * <p>Writes never time out by themselves either: an answer is written a {@link #WRITE_CHUNK_BYTES} piece at a time,
 * each with a deadline of {@code idleTimeout} from its start, and the sweeper closes a connection whose write is past
 * it, which ends the blocked write. So a client that stops reading (its receive window full) holds the connection,
 * its thread and its place under {@code maxConnections} for at most the idle timeout after its last progress.
 */
final class LoomConnection {
  /**
   * The most written under one write deadline: a 1 MiB echo takes 16 deadlines, one compare-and-set each, and a client
   * that reads slowly but steadily is never cut, since every piece it takes buys the next one the idle timeout.
   */
  static final int WRITE_CHUNK_BYTES = 64 * 1024;

  /**
   * What the connection is doing, which decides what the sweeper and a shutdown may do to it. The connection's thread
   * moves between reading and answering; the sweeper moves a late read to EXPIRED, a shutdown a read to CLOSED; each
   * by compare-and-set on the one {@link #state}, so a read that ends as its deadline passes is either expired or not.
   */
  private sealed interface State permits Reading, Writing, Phase {}

  /**
   * In a read, or about to start one, that must end by {@code deadline} (System.nanoTime()): waiting for a request,
   * in the middle of one, or lingering. A new record per deadline, so the sweeper's compare-and-set cannot take a
   * later wait for the one it found late. {@code inFlight}: reading the body of a request whose head has arrived,
   * which a graceful stop lets finish, where it closes a connection waiting for a request (or for the rest of a head).
   */
  private record Reading(long deadline, boolean inFlight) implements State {
    Reading(long deadline) {
      this(deadline, false);
    }
  }

  /**
   * In a write of an answer that must make progress by {@code deadline}: past it the sweeper closes the connection,
   * which ends the write. A new record per piece written, as for {@link Reading}.
   */
  private record Writing(long deadline) implements State {}

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
  private final RequestReaders readers;
  /**
   * The parser and the received bytes it has not taken yet (flipped), from {@link #readers} while the connection
   * reads; null while a request is answered, unless a pipelined one already came in it.
   */
  private RequestReaders.Reader reader;
  private final AtomicReference<State> state;
  /**
   * The socket's input, taken once: {@link Socket#getInputStream()} throws once the input is shut down, so a read
   * that began after the sweeper expired the connection ended in that exception, taken for a client gone, and the 408
   * was never written (7 of 25 runs of a trickled body; docs/reliability.md, "Second round"). The stream itself reads
   * -1 then, which is the expiry the connection answers.
   */
  private InputStream in;

  /**
   * @param readers  lends the connection a parser and a read buffer while it reads
   * @param draining whether the server is shutting down: answers then close their connection
   */
  LoomConnection(Socket socket, ServerConfig config, LoomEndpoints endpoints, ServerCounters counters,
      RequestReaders readers, BooleanSupplier draining) {
    this.socket = socket;
    this.config = config;
    this.endpoints = endpoints;
    this.counters = counters;
    this.readers = readers;
    this.draining = draining;
    this.state = new AtomicReference<>(new Reading(idleDeadline()));
  }

  /** Serves requests until the client closes, stays idle too long, sends what cannot be read, or the server stops. */
  void serve() {
    try {
      socket.setTcpNoDelay(true); // each answer is one write; Nagle would hold it back for the client's ACK
      in(); // before any deadline can pass
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

  /**
   * Closes the connection if it is waiting for a request (or the rest of a head), or lingering; one receiving a body
   * or being answered closes itself after its answer.
   */
  void closeIfWaiting() {
    for (State current = state.get(); current instanceof Reading reading && !reading.inFlight();
        current = state.get()) {
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
    State current = state.get();
    if (current instanceof Reading reading && now - reading.deadline() >= 0
        && state.compareAndSet(reading, Phase.EXPIRED)) {
      try {
        socket.shutdownInput();
      } catch (IOException closedMeanwhile) {
        // the read has ended already
      }
    } else if (current instanceof Writing writing && now - writing.deadline() >= 0
        && state.compareAndSet(writing, Phase.CLOSED)) {
      closeSocket(); // the client took nothing for the idle timeout: no answer can reach it, so no 408 either
    }
  }

  /**
   * The next request, or null when the client closed or stayed idle for {@code idleTimeout} between requests.
   *
   * @throws HttpParseException the request cannot be read, or its head or body did not arrive in time (408)
   */
  private HttpRequest readRequest() throws IOException, HttpParseException {
    MessageProgress timed = MessageProgress.IDLE; // until a head starts the idle deadline holds, set by answer()
    if (reader == null) {
      reader = readers.take();
    }
    HttpRequestParser parser = reader.parser();
    HttpRequest request;
    while ((request = parser.parse(reader.input())) == null) {
      MessageProgress progress = parser.progress();
      if (parser.takeContinue()) {
        write(HttpResponseEncoder.continueResponse()); // before the deadline below: a write ends in the idle one
      }
      if (progress != timed) { // a head's deadline from its first bytes, a body's from its head's completion
        timed = progress;
        // a body on its way is in flight: a graceful stop lets it finish
        await(new Reading(System.nanoTime() + config.headerTimeout().toNanos(), progress == MessageProgress.BODY));
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
            : config.bodyTooSlowReason());
      }
    }
    return request;
  }

  /**
   * Gives the reads from now on until {@code deadline}, unless the sweeper expired the connection or a shutdown closed
   * it meanwhile: those stay, and the next read ends at once.
   */
  private void readUntil(long deadline) {
    await(new Reading(deadline));
  }

  /** Moves to {@code next}, unless the sweeper expired the connection or a shutdown closed it meanwhile. */
  private void await(State next) {
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
    if (reader == null) {
      reader = readers.take(); // lingering after the answer
    }
    ByteBuffer input = reader.input();
    int count = in().read(input.array(), 0, input.capacity());
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
    if (!reader.input().hasRemaining()) { // no pipelined request: the reader is between messages, as a new one
      readers.giveBack(reader);
      reader = null;
    }
    // Read before the endpoint runs, so that a request waiting in it (asleep, or on a call) no longer holds its head.
    boolean keepAlive = request.keepAlive();
    HttpVersion version = request.version();
    long started = counters.requestStarted();
    try {
      HttpResponse response = endpoints.answer(request);
      keepAlive &= !draining.getAsBoolean();
      write(HttpResponseEncoder.encode(response, version, keepAlive));
    } finally {
      counters.requestFinished(started);
    }
    if (!keepAlive) {
      lingerUntilClientCloses();
      return false;
    }
    State written = state.get(); // the last piece's Writing, unless the connection was closed meanwhile
    if (!(written instanceof Writing) || !state.compareAndSet(written, new Reading(idleDeadline()))) {
      return false; // the shutdown's grace ran out, or the client stopped reading: the connection is closed
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

  /** Writes {@code encoded} a piece at a time, each under a deadline the sweeper enforces (see the class comment). */
  private void write(ByteBuffer encoded) throws IOException {
    OutputStream out = socket.getOutputStream();
    byte[] bytes = encoded.array();
    int offset = encoded.arrayOffset() + encoded.position();
    int end = offset + encoded.remaining();
    do {
      int count = Math.min(WRITE_CHUNK_BYTES, end - offset);
      await(new Writing(idleDeadline()));
      out.write(bytes, offset, count);
      offset += count;
    } while (offset < end);
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

  private InputStream in() throws IOException {
    if (in == null) {
      in = socket.getInputStream();
    }
    return in;
  }

  private void closeSocket() {
    try {
      socket.close();
    } catch (IOException alreadyBroken) {
      // closing is all that was left to do with it
    }
  }
}
