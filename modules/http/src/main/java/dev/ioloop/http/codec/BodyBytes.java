package dev.ioloop.http.codec;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The body being received, in one array that holds what has arrived and never grows past the body limit: it grows by
 * doubling as bytes come, so a client that announces a large body and sends little of it costs little (a 1 MiB
 * announcement used to reserve 1 MiB at once: docs/reliability.md, "Second round"). A body of announced length grows
 * at most to exactly that length, so it ends in an array of its length, handed over without a copy (in one
 * allocation when it arrives with its head); a body of unknown length (chunked, until close) is copied out, and its
 * array is kept for the next one.
 */
final class BodyBytes {
  static final byte[] EMPTY = new byte[0];
  private static final int INITIAL_GROWABLE_CAPACITY = 256;

  private final int maxBytes;
  private final ParseErrors errors;
  private byte[] data = EMPTY;
  private int size;
  /** How far the array may grow for this body: its announced length, or the limit when none was announced. */
  private int capacityLimit;

  BodyBytes(int maxBytes, ParseErrors errors) {
    this.maxBytes = maxBytes;
    this.errors = errors;
  }

  /** Prepares for a body of exactly {@code length} bytes, already checked against the limit; allocates nothing. */
  void expect(int length) {
    if (data.length > length) {
      data = EMPTY; // a larger array kept from a body of unknown length: the next one grows its own
    }
    capacityLimit = length;
    size = 0;
  }

  /** Prepares for a body of unknown length (chunked, or until the connection closes). */
  void expectUnknown() {
    capacityLimit = maxBytes;
    size = 0;
  }

  /** Throws the body-too-large error unless {@code count} more bytes fit within the limit. */
  void requireRoom(long count) throws HttpParseException {
    if (count > maxBytes - size) {
      throw errors.bodyTooLarge(maxBytes);
    }
  }

  /** Moves up to {@code max} bytes from {@code in}; returns how many. Over the limit: nothing moves, it throws. */
  int append(ByteBuffer in, int max) throws HttpParseException {
    int count = Math.min(in.remaining(), max);
    requireRoom(count);
    if (size + count > data.length) {
      int grown = Math.max(size + count, Math.max(data.length * 2, INITIAL_GROWABLE_CAPACITY));
      data = Arrays.copyOf(data, Math.min(grown, capacityLimit));
    }
    in.get(data, size, count);
    size += count;
    return count;
  }

  /** The body received, exactly its length; resets for the next one. */
  byte[] take() {
    byte[] body;
    if (size == 0) {
      body = EMPTY;
    } else if (size == data.length) {
      body = data;
      data = EMPTY;
    } else {
      body = Arrays.copyOf(data, size);
    }
    size = 0;
    return body;
  }

  int capacity() {
    return data.length;
  }
}
