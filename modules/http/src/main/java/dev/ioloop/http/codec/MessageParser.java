package dev.ioloop.http.codec;

import java.nio.ByteBuffer;

/**
 * What the request and response parsers share: read a head, frame the body as the head says, read it, and hand out
 * one message at a time, consuming exactly its bytes. Any split of the input gives the same messages, because every
 * rule runs on whole lines or counted bytes, never on how the bytes arrived. A parse error is final: the parser
 * throws it again on every later call, since the connection's framing can no longer be trusted.
 */
abstract sealed class MessageParser<M> permits HttpRequestParser, HttpResponseParser {
  final ParseErrors errors;
  private final HttpLimits limits;
  private final LineReader lines;
  private final HeadReader head;
  private final BodyReader body;
  private boolean readingBody;
  private HttpParseException failure;

  MessageParser(HttpLimits limits, ParseErrors errors) {
    this.errors = errors;
    this.limits = limits;
    this.lines = new LineReader(errors, limits.maxHeadBytes());
    this.head = new HeadReader(lines, limits, errors);
    this.body = new BodyReader(lines, limits, errors);
    head.start();
  }

  /**
   * Reads from {@code in} until one message is complete and returns it; returns null once {@code in} is used up
   * without completing one. Only that message's bytes are consumed: whatever follows it (a pipelined request) stays
   * in {@code in} for the next call. Allocates no more than the limits, whatever arrives.
   *
   * @throws HttpParseException the input is not a message within the limits; its status is what to answer
   */
  public M parse(ByteBuffer in) throws HttpParseException {
    if (failure != null) {
      throw failure;
    }
    try {
      while (!readingBody) {
        if (!head.read(in)) {
          return null;
        }
        readingBody = startBody(head.startLine(), head.headers(), body);
        if (!readingBody) {
          head.start(); // an interim message: skip it and read the next head
        }
      }
      return body.read(in) ? complete() : null;
    } catch (HttpParseException e) {
      failure = e;
      throw e;
    }
  }

  public MessageProgress progress() {
    if (readingBody) {
      return MessageProgress.BODY;
    }
    return head.started() ? MessageProgress.HEAD : MessageProgress.IDLE;
  }

  /**
   * Parses the start line of a complete head, then frames its body with {@code body}. Returns false for an interim
   * message that has no body and is to be skipped.
   */
  abstract boolean startBody(String startLine, HttpHeaders headers, BodyReader body) throws HttpParseException;

  /** The message whose body {@code body} is. */
  abstract M message(byte[] body);

  /** Whether the head of the message being read is complete and announced a body of which nothing has come yet. */
  final boolean awaitingContent() {
    return readingBody && body.awaitsContent();
  }

  /** Whether the message being read ends where the input does. */
  final boolean readingUntilClose() {
    return readingBody && body.readsUntilClose();
  }

  /** The message just read; the parser moves on to the next one. */
  final M complete() {
    M message = message(body.take());
    readingBody = false;
    head.start();
    return message;
  }

  /** Sticky like any parse error. */
  final HttpParseException fail(HttpParseException error) {
    failure = error;
    return error;
  }

  final HttpParseException failure() {
    return failure;
  }

  final HttpLimits limits() {
    return limits;
  }

  /** The bytes this parser holds on to between calls: bounded by the head limit plus the body limit. */
  final int retainedBytes() {
    return lines.capacity() + body.capacity();
  }
}
