package dev.ioloop.http.codec;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Reads the body that follows a head, framed as the head says (RFC 9112 §6.3). Enforced here:
 * <ul>
 *   <li>{@code Content-Length} together with {@code Transfer-Encoding}: malformed (docs/contract.md; a smuggling vector).
 *   <li>{@code Transfer-Encoding} in an HTTP/1.0 message: malformed (RFC 9112 §6.1: its framing is faulty).
 *   <li>{@code Transfer-Encoding} must be exactly {@code chunked}: any other coding is unsupported (501 for a
 *       request), chunked twice or an empty list is malformed.
 *   <li>{@code Content-Length} is digits only; repeated values (fields or list elements) must agree (RFC 9110 §8.6);
 *       a value beyond a long is malformed, one beyond the body limit is too large before any of the body arrives.
 *   <li>Neither header: a request has no body; a response runs until the connection closes.
 * </ul>
 */
final class BodyReader {
  private enum Framing { NONE, LENGTH, CHUNKED, UNTIL_CLOSE }

  private final BodyBytes body;
  private final ChunkedDecoder chunked;
  private final ParseErrors errors;
  private Framing framing = Framing.NONE;
  private int lengthRemaining;
  /** Whether any byte of the body has been consumed. */
  private boolean begun;

  /** {@code lines} is the head's line reader: a body starts after its head is done, so they share one buffer. */
  BodyReader(LineReader lines, HttpLimits limits, ParseErrors errors) {
    this.body = new BodyBytes(limits.maxBodyBytes(), errors);
    this.chunked = new ChunkedDecoder(lines, body, limits, errors);
    this.errors = errors;
  }

  /** Frames the body of a message with this head; {@code untilClose} says what a head without length means. */
  void start(HttpVersion version, HttpHeaders headers, boolean untilClose) throws HttpParseException {
    begun = false;
    if (headers.contains("Transfer-Encoding")) {
      if (headers.contains("Content-Length")) {
        throw errors.malformed("Content-Length together with Transfer-Encoding");
      }
      if (version == HttpVersion.HTTP_1_0) {
        throw errors.malformed("Transfer-Encoding in an HTTP/1.0 message");
      }
      requireChunkedOnly(headers.listElements("Transfer-Encoding"));
      framing = Framing.CHUNKED;
      body.expectUnknown();
      chunked.start();
    } else if (headers.contains("Content-Length")) {
      long length = contentLength(headers.listElements("Content-Length"));
      body.requireRoom(length);
      framing = Framing.LENGTH;
      lengthRemaining = (int) length;
      body.expect(lengthRemaining);
    } else {
      framing = untilClose ? Framing.UNTIL_CLOSE : Framing.NONE;
      body.expectUnknown();
    }
  }

  /** Frames an empty body whatever the head says (a 204 or 304 response). */
  void startEmpty() {
    framing = Framing.NONE;
  }

  /** Consumes bytes of the body; true once it is complete, and not a byte past it. */
  boolean read(ByteBuffer in) throws HttpParseException {
    begun |= in.hasRemaining() && framing != Framing.NONE;
    return switch (framing) {
      case NONE -> true;
      case LENGTH -> {
        lengthRemaining -= body.append(in, lengthRemaining);
        yield lengthRemaining == 0;
      }
      case CHUNKED -> chunked.read(in);
      case UNTIL_CLOSE -> {
        body.append(in, in.remaining());
        yield false;
      }
    };
  }

  /** Whether the head announced a body (a length above zero, or chunked) of which no byte has been consumed yet. */
  boolean awaitsContent() {
    return !begun && (framing == Framing.LENGTH && lengthRemaining > 0 || framing == Framing.CHUNKED);
  }

  /** Whether the end of input is the end of this body. */
  boolean readsUntilClose() {
    return framing == Framing.UNTIL_CLOSE;
  }

  byte[] take() {
    return body.take();
  }

  int capacity() {
    return body.capacity();
  }

  private void requireChunkedOnly(List<String> codings) throws HttpParseException {
    if (codings.isEmpty()) {
      throw errors.malformed("empty Transfer-Encoding");
    }
    for (String coding : codings) {
      if (!coding.equalsIgnoreCase("chunked")) {
        throw errors.unsupportedCoding();
      }
    }
    if (codings.size() > 1) {
      throw errors.malformed("chunked applied more than once");
    }
  }

  private long contentLength(List<String> values) throws HttpParseException {
    if (values.isEmpty()) {
      throw errors.malformed("empty Content-Length");
    }
    long length = digits(values.getFirst());
    for (String value : values) {
      if (digits(value) != length) {
        throw errors.malformed("conflicting Content-Length values");
      }
    }
    return length;
  }

  private long digits(String value) throws HttpParseException {
    long number = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        throw errors.malformed("Content-Length is not a non-negative integer");
      }
      if (number > (Long.MAX_VALUE - (c - '0')) / 10) {
        throw errors.malformed("Content-Length overflows");
      }
      number = number * 10 + (c - '0');
    }
    return number;
  }
}
