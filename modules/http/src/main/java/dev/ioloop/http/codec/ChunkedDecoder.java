package dev.ioloop.http.codec;

import java.nio.ByteBuffer;
import java.util.function.IntFunction;

/**
 * Decodes a chunked body (RFC 9112 §7.1) from bytes arriving in any split. Enforced here:
 * <ul>
 *   <li>A chunk size is one or more hex digits, then optionally {@code ;} and extensions, which are ignored;
 *       nothing else (no whitespace) may follow the digits. A chunk-size line holds at most
 *       {@link HttpLimits#maxHeadBytes()}.
 *   <li>The decoded body is at most the body limit: a chunk announcing more is refused before its data arrives.
 *   <li>Chunk data is followed by CRLF, exactly.
 *   <li>Trailer fields are read with the line rules of a head, within the head limit, and dropped: nothing here
 *       uses them, and a dropped field cannot smuggle anything.
 * </ul>
 */
final class ChunkedDecoder {
  private enum State { SIZE_LINE, DATA, DATA_END, TRAILERS }

  private static final int CRLF_LENGTH = 2;

  private final LineReader lines;
  private final BodyBytes body;
  private final ParseErrors errors;
  private final int maxLineBytes;
  private final IntFunction<HttpParseException> sizeLineTooLong;
  private final IntFunction<HttpParseException> dataTooLong;
  private final IntFunction<HttpParseException> trailersTooLarge;
  private State state;
  private int chunkRemaining;

  ChunkedDecoder(LineReader lines, BodyBytes body, HttpLimits limits, ParseErrors errors) {
    this.lines = lines;
    this.body = body;
    this.errors = errors;
    this.maxLineBytes = limits.maxHeadBytes();
    this.sizeLineTooLong = budget -> errors.malformed("chunk-size line longer than " + budget + " bytes");
    this.dataTooLong = budget -> errors.malformed("chunk data longer than its chunk size");
    this.trailersTooLarge = errors::headTooLarge;
  }

  void start() {
    startSizeLine();
  }

  /** Consumes bytes of the chunked body; true once its last trailer line is consumed, and not a byte past it. */
  boolean read(ByteBuffer in) throws HttpParseException {
    while (true) {
      switch (state) {
        case SIZE_LINE -> {
          if (!lines.read(in)) {
            return false;
          }
          chunkRemaining = chunkSize(lines.bytes(), lines.length());
          if (chunkRemaining == 0) {
            lines.startSection(maxLineBytes, trailersTooLarge);
            state = State.TRAILERS;
          } else {
            state = State.DATA;
          }
        }
        case DATA -> {
          chunkRemaining -= body.append(in, chunkRemaining);
          if (chunkRemaining > 0) {
            return false;
          }
          lines.startSection(CRLF_LENGTH, dataTooLong);
          state = State.DATA_END;
        }
        case DATA_END -> {
          if (!lines.read(in)) {
            return false;
          }
          startSizeLine(); // the budget of 2 allows nothing but the CRLF itself
        }
        case TRAILERS -> {
          if (!lines.read(in)) {
            return false;
          }
          if (lines.length() == 0) {
            return true;
          }
        }
      }
    }
  }

  private void startSizeLine() {
    lines.startSection(maxLineBytes, sizeLineTooLong);
    state = State.SIZE_LINE;
  }

  private int chunkSize(byte[] line, int length) throws HttpParseException {
    long size = 0;
    int digits = 0;
    while (digits < length && line[digits] != ';') {
      int digit = HttpSyntax.hexValue(line[digits]);
      if (digit < 0) {
        throw errors.malformed("invalid chunk size");
      }
      size = size * 16 + digit;
      body.requireRoom(size); // refuses an oversized chunk early, and keeps size far from overflowing
      digits++;
    }
    if (digits == 0) {
      throw errors.malformed("invalid chunk size");
    }
    return (int) size;
  }
}
