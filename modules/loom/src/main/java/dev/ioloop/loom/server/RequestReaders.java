package dev.ioloop.loom.server;

import dev.ioloop.http.codec.HttpLimits;
import dev.ioloop.http.codec.HttpRequestParser;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * What reading a request takes, a parser and a read buffer, lent to a connection while it reads and given back
 * while its request is answered. A request waiting in its handler (asleep, or on a downstream call) then holds
 * neither: 2.5 KB less per waiting request (docs/performance.md, issue 18). Kept in a bounded pool rather than made
 * anew per request, since allocating them per request cost more CPU than the pool (young collections come sooner).
 */
final class RequestReaders {
  /**
   * One read's worth: the parser keeps what a partial read leaves for the next, so a larger head (8 KiB at most) or
   * body just takes more reads. Small, because every connection waiting for bytes holds one: with 16 KiB a request
   * waiting in /api/sleep cost 20 KB of heap, with 2 KiB 5.6 KB (docs/performance.md); a typical request head is a
   * few hundred bytes.
   */
  static final int READ_BUFFER_BYTES = 2 * 1024;
  /**
   * The most kept idle: enough for the connections between an answer and their next request under load, and at most
   * 2.5 MiB held after a burst; past it a reader given back is left to the collector.
   */
  static final int MAX_IDLE = 1024;

  /** A parser and the bytes it has not taken yet. */
  record Reader(HttpRequestParser parser, ByteBuffer input) {}

  private final HttpLimits limits;
  private final ArrayBlockingQueue<Reader> idle = new ArrayBlockingQueue<>(MAX_IDLE);

  RequestReaders(HttpLimits limits) {
    this.limits = limits;
  }

  /** An idle reader, or a new one: its parser between messages, its input empty and ready to be read from. */
  Reader take() {
    Reader reader = idle.poll();
    return reader != null ? reader
        : new Reader(new HttpRequestParser(limits), ByteBuffer.allocate(READ_BUFFER_BYTES).flip());
  }

  /**
   * Takes back {@code reader}, whose parser has just completed a message that left nothing in its input: it is
   * between messages, as a new one.
   */
  void giveBack(Reader reader) {
    idle.offer(reader); // false when full: dropped
  }
}
