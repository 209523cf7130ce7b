package dev.ioloop.reactor.server;

import dev.ioloop.api.IOHandler;
import dev.ioloop.api.IOLoop;
import dev.ioloop.api.server.ServerConfig;
import dev.ioloop.http.codec.HttpParseException;
import dev.ioloop.http.codec.HttpRequest;
import dev.ioloop.http.codec.HttpRequestParser;
import dev.ioloop.http.codec.HttpResponse;
import dev.ioloop.http.codec.HttpResponseEncoder;
import dev.ioloop.http.codec.HttpStatus;
import dev.ioloop.http.codec.HttpVersion;
import dev.ioloop.http.codec.MessageProgress;
import dev.ioloop.http.route.Route;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One client connection on a reactor loop: HTTP/1.1 and 1.0 with keep-alive, in callback style. Everything here runs
 * on the loop thread. The rules it enforces:
 * <ul>
 *   <li>Pipelining: requests are read and handed to the handler as they arrive, up to {@link #MAX_PIPELINED} at once,
 *       and answered in the order they came, whatever order their answers complete in.
 *   <li>Backpressure: with {@link #MAX_PIPELINED} answers pending or {@link #OUTPUT_HIGH_WATER} bytes unsent, the
 *       connection stops reading (bytes already read wait, unparsed) until the client has taken its answers.
 *   <li>Partial writes: what the socket does not take waits for WRITE readiness.
 *   <li>Timeouts, on one {@link ConnectionTimer}: a request head not complete within the header timeout from its
 *       first byte gets 408 and a close, and so does a body not complete within the header timeout from its head's
 *       completion (each request's head and body get deadlines of their own, also a head that begins in the read
 *       that completes the request before it); a connection with nothing to do (nothing in flight, nothing to write)
 *       for the idle timeout is closed. Nothing times out while the handler works on an answer: a 60 s sleep is
 *       allowed.
 *   <li>{@code Expect: 100-continue}: {@code 100 Continue} once the head is accepted and before its body, after the
 *       answers owed to earlier requests ({@link HttpRequestParser#takeContinue()}); a refused head gets its status.
 *   <li>A malformed request gets its 4xx (the parser's status) and a close; so does a request that asked to close
 *       ({@code Connection: close}, HTTP/1.0 without keep-alive), after its answer. A handler that throws or fails is
 *       answered by {@link Route#failure} (500 for a bug) and the connection goes on.
 *   <li>Closing after an answer is a lingering close: the output is shut down and what the client still sends is
 *       read and dropped until it closes too (at most {@link ServerConfig#LINGER}), so that unread input cannot turn the close
 *       into a reset that destroys the answer before the client reads it.
 * </ul>
 */
final class HttpConnection implements IOHandler {
  /** Requests handed to the handler and not yet answered, before reading pauses. */
  static final int MAX_PIPELINED = 16;
  /** Unsent answer bytes before reading pauses: a client that does not read cannot make the server buffer more. */
  static final int OUTPUT_HIGH_WATER = 256 * 1024;

  private final LoopWorker worker;
  private final IOLoop loop;
  private final SocketChannel channel;
  private final HttpRequestParser parser;
  private final ConnectionTimer timer;

  /** Requests in arrival order, each until its answer has been encoded into {@link #output}. */
  private final ArrayDeque<Exchange> exchanges = new ArrayDeque<>();
  private final ArrayDeque<ByteBuffer> output = new ArrayDeque<>();
  private long outputBytes;
  /** Bytes read but not parsed because reading paused; parsed first when it resumes. */
  private ByteBuffer unparsed;

  private int interest;
  /** Set while a read is being parsed: answers completed meanwhile are written once, together, at its end. */
  private boolean parsing;
  /**
   * The part of the request being read whose deadline is armed: {@link MessageProgress#HEAD} (the header timeout
   * from its first byte) or {@link MessageProgress#BODY} (the same from the head's completion); null for none. Reset
   * for every request dispatched, so that the next one's parts get deadlines of their own.
   */
  private MessageProgress timed;
  /** A 100 Continue is owed to the request being read, to go out once the answers before it have. */
  private boolean continueOwed;
  /** No more requests are read: the last one asked to close, or an error answer ends the connection. */
  private boolean noMoreRequests;
  private boolean closeAfterOutput;
  private boolean endOfInput;
  private boolean lingering;
  private boolean closed;
  /** Counted in the worker's busy connections: a stop waits for them (see {@link #trackBusy}). */
  private boolean busy;

  HttpConnection(LoopWorker worker, SocketChannel channel) {
    this.worker = worker;
    this.loop = worker.loop();
    this.channel = channel;
    this.parser = new HttpRequestParser(worker.limits());
    this.timer = new ConnectionTimer(loop);
  }

  /** Starts reading. On the loop thread. */
  void start() {
    interest = IOLoop.READ;
    loop.addHandler(channel, this, interest);
    watchTime();
  }

  @Override
  public void handle(SelectableChannel ready, int events) {
    if ((events & IOLoop.WRITE) != 0) {
      flush();
    }
    if ((events & IOLoop.READ) != 0 && !closed) {
      read();
    }
    settle();
  }

  private void read() {
    ByteBuffer in = worker.readBuffer().clear();
    try {
      if (channel.read(in) < 0) {
        endOfInput = true;
        return;
      }
    } catch (IOException reset) {
      close();
      return;
    }
    if (!lingering) {
      parse(in.flip());
    }
  }

  /** Hands each complete request in {@code in} to the handler, until the input or the room for answers runs out. */
  private void parse(ByteBuffer in) {
    parsing = true;
    try {
      while (!closed && !pausedParsing() && in.hasRemaining()) {
        HttpRequest request = parser.parse(in);
        if (request == null) {
          if (parser.takeContinue()) {
            continueOwed = true;
            encodeReadyAnswers();
          }
          break;
        }
        dispatch(request);
      }
    } catch (HttpParseException malformed) {
      refuse(HttpResponse.error(malformed.status(), malformed.reason()));
    } finally {
      parsing = false;
    }
    unparsed = in.hasRemaining() && !closed && !noMoreRequests ? ByteBuffer.allocate(in.remaining()).put(in).flip()
        : null;
  }

  private boolean pausedParsing() {
    return noMoreRequests || exchanges.size() >= MAX_PIPELINED || outputBytes >= OUTPUT_HIGH_WATER;
  }

  private void dispatch(HttpRequest request) {
    timed = null; // the next head's deadline runs from its own first byte, also if that came in this same read
    continueOwed = false; // its body came without waiting for a 100
    long started = worker.counters().requestStarted();
    Exchange exchange = new Exchange(request.version(), request.keepAlive(), true);
    exchange.startNanos = started;
    exchanges.add(exchange);
    if (!request.keepAlive()) {
      noMoreRequests = true; // RFC 9112 §9.6: nothing after a request that closes is read
    }
    CompletionStage<HttpResponse> answer;
    try {
      answer = worker.handler().handle(request);
    } catch (InterruptedException stopping) { // a stop past its grace interrupted the loop (block2): no answer
      exchange.finish(worker);
      close();
      return;
    } catch (Throwable failure) { // any failure is this request's 500, and the connection goes on
      answer = CompletableFuture.failedStage(failure);
    }
    answer.whenComplete((response, failure) -> {
      HttpResponse complete = failure == null ? response : Route.failure(failure);
      if (loop.inLoopThread()) {
        answered(exchange, complete);
      } else {
        loop.addCallback(() -> answered(exchange, complete));
      }
    });
  }

  private void answered(Exchange exchange, HttpResponse response) {
    exchange.response = response;
    if (closed) {
      exchange.finish(worker);
      return;
    }
    encodeReadyAnswers();
    if (!parsing) {
      settle();
    }
  }

  /** A request that cannot be served: its answer goes after those in flight, and then the connection closes. */
  private void refuse(HttpResponse answer) {
    Exchange refusal = new Exchange(HttpVersion.HTTP_1_1, false, false);
    refusal.response = answer;
    exchanges.add(refusal);
    noMoreRequests = true;
    encodeReadyAnswers();
  }

  private void headerTimedOut() {
    refuse(HttpResponse.error(HttpStatus.REQUEST_TIMEOUT, worker.config().headersTooSlowReason()));
    settle();
  }

  private void bodyTimedOut() {
    continueOwed = false;
    refuse(HttpResponse.error(HttpStatus.REQUEST_TIMEOUT, worker.config().bodyTooSlowReason()));
    settle();
  }

  /** Moves the answers at the head of the line, in request order, into the output. */
  private void encodeReadyAnswers() {
    while (!exchanges.isEmpty() && exchanges.peek().response != null) {
      Exchange done = exchanges.poll();
      // A server shutting down closes after the last answer it owes (RFC 9112 §9.6).
      boolean keepAlive = done.keepAlive && !(worker.draining() && exchanges.isEmpty());
      ByteBuffer bytes = HttpResponseEncoder.encode(done.response, done.version, keepAlive);
      output.add(bytes);
      outputBytes += bytes.remaining();
      done.finish(worker);
      if (!keepAlive) {
        closeAfterOutput = true;
        noMoreRequests = true;
        return;
      }
    }
    if (continueOwed && exchanges.isEmpty()) { // every earlier request is answered: the 100 is next in line
      continueOwed = false;
      ByteBuffer interim = HttpResponseEncoder.continueResponse();
      output.add(interim);
      outputBytes += interim.remaining();
    }
  }

  /** After any event: resume parsing if the pause ended, write, then close or bring interest and timer up to date. */
  private void settle() {
    do {
      if (closed) {
        return;
      }
      if (unparsed != null && !pausedParsing()) {
        ByteBuffer held = unparsed;
        unparsed = null;
        parse(held);
      }
      flush();
    } while (!closed && unparsed != null && !pausedParsing()); // the write made room for what was held back
    if (closed) {
      return;
    }
    if (output.isEmpty()) {
      if (closeAfterOutput && !lingering) {
        linger();
      }
      if (endOfInput && (lingering || exchanges.isEmpty() && unparsed == null)) {
        close(); // the client is gone or done, and nothing it is owed is left
        return;
      }
    }
    updateInterest();
    watchTime();
    trackBusy();
  }

  /**
   * Whether a graceful stop must wait for this connection, beside the requests in flight: a body still arriving (its
   * head has come, so the request is in flight, as for Jetty's GracefulHandler) or answers not yet written.
   */
  private void trackBusy() {
    boolean now = !closed && (parser.progress() == MessageProgress.BODY || !output.isEmpty());
    if (now != busy) {
      busy = now;
      worker.busy(now ? 1 : -1);
    }
  }

  private void flush() {
    try {
      while (!output.isEmpty()) {
        long written = output.size() == 1 ? channel.write(output.peek())
            : channel.write(output.toArray(ByteBuffer[]::new));
        outputBytes -= written;
        while (!output.isEmpty() && !output.peek().hasRemaining()) {
          output.poll();
        }
        if (written == 0) {
          return; // the socket is full: WRITE readiness resumes
        }
      }
    } catch (IOException reset) {
      close();
    }
  }

  private void linger() {
    lingering = true;
    try {
      channel.shutdownOutput();
    } catch (IOException alreadyGone) {
      close();
      return;
    }
    timer.arm(ServerConfig.LINGER, this::close);
  }

  private void updateInterest() {
    boolean reading = lingering || !endOfInput && !pausedParsing();
    int wanted = (reading ? IOLoop.READ : 0) | (output.isEmpty() ? 0 : IOLoop.WRITE);
    if (wanted != interest) {
      interest = wanted;
      loop.updateHandler(channel, wanted);
    }
  }

  private void watchTime() {
    if (lingering) {
      return; // the linger deadline stands
    }
    MessageProgress progress = parser.progress();
    if (progress != MessageProgress.IDLE) {
      if (timed != progress) {
        timed = progress;
        timer.arm(worker.config().headerTimeout(),
            progress == MessageProgress.HEAD ? this::headerTimedOut : this::bodyTimedOut);
      }
      return;
    }
    timed = null;
    if (output.isEmpty() && !exchanges.isEmpty()) {
      timer.disarm(); // the handler has the floor
    } else {
      timer.arm(worker.config().idleTimeout(), this::close);
    }
  }

  /** Closes at once; answers still in flight are dropped when they come. Idempotent. */
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    timer.cancel();
    loop.removeHandler(channel);
    try {
      channel.close();
    } catch (IOException ignored) {
      // closed either way; nothing is owed to a connection being dropped
    }
    for (Exchange exchange : exchanges) {
      if (exchange.response != null) {
        exchange.finish(worker);
      }
    }
    output.clear();
    unparsed = null;
    trackBusy();
    worker.closed(this);
  }

  /** A request and, once it is known, its answer. */
  private static final class Exchange {
    final HttpVersion version;
    final boolean keepAlive;
    /** Whether it counts as a request in the stats: refusals of unreadable requests do not. */
    private boolean counted;
    /** When a counted request started ({@code ServerCounters.requestStarted}), for its time in the histogram. */
    private long startNanos;
    HttpResponse response;

    Exchange(HttpVersion version, boolean keepAlive, boolean counted) {
      this.version = version;
      this.keepAlive = keepAlive;
      this.counted = counted;
    }

    /** Counts the request as finished, once. */
    void finish(LoopWorker worker) {
      if (counted) {
        counted = false;
        worker.counters().requestFinished(startNanos);
      }
    }
  }
}
