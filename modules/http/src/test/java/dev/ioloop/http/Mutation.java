package dev.ioloop.http;

import static net.jqwik.api.Tuple.of;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

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

  static Arbitrary<List<Mutation>> lists() {
    Arbitrary<Integer> positions = Arbitraries.integers().between(0, Integer.MAX_VALUE);
    Arbitrary<Mutation> mutation = Arbitraries.frequencyOf(
        of(4, Combinators.combine(positions, lines()).as(InsertLine::new)),
        of(4, Combinators.combine(positions, lines()).as(ReplaceLine::new)),
        of(2, positions.map(DuplicateLine::new)),
        of(2, Combinators.combine(positions, bytes()).as(Replace::new)),
        of(1, Combinators.combine(positions, bytes().list().ofMinSize(1).ofMaxSize(4).map(Mutation::toArray))
            .as(Insert::new)),
        of(2, Combinators.combine(positions, Arbitraries.integers().between(1, 20)).as(Delete::new)));
    return mutation.list().ofMinSize(1).ofMaxSize(3);
  }

  /** Lines that matter to framing, limits and chunked decoding. */
  private static Arbitrary<String> lines() {
    Arbitrary<String> hex = Arbitraries.strings().withChars("0123456789abcdefABCDEF").ofMinLength(1).ofMaxLength(24);
    Arbitrary<String> digits = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(22);
    return Arbitraries.oneOf(
        hex,
        hex.map(size -> size + ";ext=1"),
        digits.map(length -> "Content-Length: " + length),
        Arbitraries.integers().between(0, 300).map(length -> "Content-Length: " + length),
        Arbitraries.of("Content-Length: 5, 6", "Content-Length: -1", "Transfer-Encoding: chunked",
            "Transfer-Encoding: gzip, chunked", "Transfer-Encoding: chunked, chunked", "Connection: close",
            "Connection: keep-alive", " folded", "X : y", ":", "", "0", "GET / HTTP/1.1", "GET / HTTP/1.0",
            "HTTP/1.1 200 OK", "X-Trailer: t"),
        Arbitraries.integers().between(1, 9000).map(length -> "X: " + "v".repeat(length)));
  }

  /** Bytes, biased to the ones HTTP's grammar cares about. */
  private static Arbitrary<Byte> bytes() {
    return Arbitraries.frequencyOf(
        of(3, Arbitraries.of((byte) ' ', (byte) '\t', (byte) ':', (byte) ',', (byte) ';', (byte) '0', (byte) 'f',
            (byte) '/', (byte) '?', (byte) '%', (byte) 0x80, (byte) 0xFF)),
        of(1, Arbitraries.of((byte) '\r', (byte) '\n', (byte) 0, (byte) 0x7F)),
        of(2, Arbitraries.bytes()));
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

  private static byte[] toArray(List<Byte> list) {
    byte[] array = new byte[list.size()];
    for (int i = 0; i < array.length; i++) {
      array[i] = list.get(i);
    }
    return array;
  }
}
