package dev.ioloop.http.codec;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A change to a message's bytes. Most work on whole lines (header fields, chunk sizes), so that a mutated message
 * gets past the first bytes and into framing, limits and chunked decoding; the rest change raw bytes. Positions are
 * taken modulo the input's length or line count, so any number fits any input.
 */
sealed interface Mutation {
  byte[] applyTo(byte[] input);

  /** Sets one byte. */
  record Replace(int at, byte value) implements Mutation {
    @Override
    public byte[] applyTo(byte[] input) {
      if (input.length == 0) {
        return input;
      }
      byte[] changed = input.clone();
      changed[at % input.length] = value;
      return changed;
    }
  }

  /** Inserts bytes anywhere. */
  record Insert(int at, byte[] bytes) implements Mutation {
    @Override
    public byte[] applyTo(byte[] input) {
      return splice(input, at % (input.length + 1), 0, bytes);
    }
  }

  /** Removes up to {@code length} bytes. */
  record Delete(int at, int length) implements Mutation {
    @Override
    public byte[] applyTo(byte[] input) {
      int from = input.length == 0 ? 0 : at % input.length;
      return splice(input, from, Math.min(length, input.length - from), new byte[0]);
    }
  }

  /** Inserts a line of its own (a field, a chunk size) before a line. */
  record InsertLine(int line, String text) implements Mutation {
    @Override
    public byte[] applyTo(byte[] input) {
      int[] bounds = lineBounds(input, line);
      return splice(input, bounds[0], 0, Feeding.ascii(text + "\r\n"));
    }
  }

  /** Replaces a line's text, keeping its CRLF. */
  record ReplaceLine(int line, String text) implements Mutation {
    @Override
    public byte[] applyTo(byte[] input) {
      int[] bounds = lineBounds(input, line);
      return splice(input, bounds[0], bounds[1] - bounds[0], Feeding.ascii(text));
    }
  }

  /** Repeats a line, as a repeated header field. */
  record DuplicateLine(int line) implements Mutation {
    @Override
    public byte[] applyTo(byte[] input) {
      int[] bounds = lineBounds(input, line);
      int end = Math.min(input.length, bounds[1] + 2);
      return splice(input, bounds[0], 0, Arrays.copyOfRange(input, bounds[0], end));
    }
  }

  static byte[] applyAll(List<Mutation> mutations, byte[] input) {
    byte[] result = input;
    for (Mutation mutation : mutations) {
      result = mutation.applyTo(result);
    }
    return result;
  }

  /** One to three mutations, mostly of whole lines. */
  static List<Mutation> mutations(RandomGenerator random) {
    return Draw.list(random, 1, 3, Mutation::mutation);
  }

  private static Mutation mutation(RandomGenerator random) {
    int at = random.nextInt(Integer.MAX_VALUE); // any position: each mutation takes it modulo what it changes
    return switch (Draw.weighted(random, 4, 4, 2, 2, 1, 2)) {
      case 0 -> new InsertLine(at, line(random));
      case 1 -> new ReplaceLine(at, line(random));
      case 2 -> new DuplicateLine(at);
      case 3 -> new Replace(at, interestingByte(random));
      case 4 -> new Insert(at, interestingBytes(random, Draw.between(random, 1, 4)));
      default -> new Delete(at, Draw.between(random, 1, 20));
    };
  }

  /** Lines that matter to framing, limits and chunked decoding. */
  private static String line(RandomGenerator random) {
    return switch (random.nextInt(6)) {
      case 0 -> hex(random);
      case 1 -> hex(random) + ";ext=1";
      case 2 -> "Content-Length: " + decimal(random);
      case 3 -> "Content-Length: " + Draw.between(random, 0, 300);
      case 4 -> Draw.oneOf(random, "Content-Length: 5, 6", "Content-Length: -1", "Transfer-Encoding: chunked",
          "Transfer-Encoding: gzip, chunked", "Transfer-Encoding: chunked, chunked", "Connection: close",
          "Connection: keep-alive", " folded", "X : y", ":", "", "0", "GET / HTTP/1.1", "GET / HTTP/1.0",
          "HTTP/1.1 200 OK", "X-Trailer: t");
      default -> "X: " + "v".repeat(Draw.size(random, 1, 9000));
    };
  }

  /**
   * A chunk size of 1 to 24 hex digits, uniform in length rather than favouring short ones: a third are too long for
   * a long, so that overflow checks are reached often.
   */
  private static String hex(RandomGenerator random) {
    return Draw.string(random, "0123456789abcdefABCDEF", Draw.between(random, 1, 24));
  }

  /** A length of 1 to 22 digits, uniform in length as {@link #hex}: past 19 digits, a long overflows. */
  private static String decimal(RandomGenerator random) {
    return Draw.string(random, "0123456789", Draw.between(random, 1, 22));
  }

  /** {@code count} bytes, each from {@link #interestingByte}. */
  private static byte[] interestingBytes(RandomGenerator random, int count) {
    byte[] bytes = new byte[count];
    for (int i = 0; i < count; i++) {
      bytes[i] = interestingByte(random);
    }
    return bytes;
  }

  /** A byte, biased to the ones HTTP's grammar cares about. */
  private static byte interestingByte(RandomGenerator random) {
    return switch (Draw.weighted(random, 3, 1, 2)) {
      case 0 -> Draw.oneOf(random, (byte) ' ', (byte) '\t', (byte) ':', (byte) ',', (byte) ';', (byte) '0', (byte) 'f',
          (byte) '/', (byte) '?', (byte) '%', (byte) 0x80, (byte) 0xFF);
      case 1 -> Draw.oneOf(random, (byte) '\r', (byte) '\n', (byte) 0, (byte) 0x7F);
      default -> (byte) random.nextInt();
    };
  }

  /** {@code [start, end)} of line {@code line} (modulo the line count), CRLF excluded. */
  private static int[] lineBounds(byte[] input, int line) {
    List<Integer> starts = new ArrayList<>(List.of(0));
    for (int i = 1; i < input.length; i++) {
      if (input[i - 1] == '\n') {
        starts.add(i);
      }
    }
    int start = starts.get(line % starts.size());
    int end = start;
    while (end < input.length && input[end] != '\r' && input[end] != '\n') {
      end++;
    }
    return new int[] {start, end};
  }

  private static byte[] splice(byte[] input, int at, int removed, byte[] inserted) {
    ByteArrayOutputStream changed = new ByteArrayOutputStream();
    changed.write(input, 0, at);
    changed.writeBytes(inserted);
    changed.write(input, at + removed, input.length - at - removed);
    return changed.toByteArray();
  }
}
