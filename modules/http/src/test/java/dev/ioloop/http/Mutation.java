package dev.ioloop.http;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** A change to a message's bytes, at a position taken modulo its length, biased to the bytes HTTP cares about. */
sealed interface Mutation {
  byte[] applyTo(byte[] input);

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

  record Insert(int at, byte[] bytes) implements Mutation {
    @Override
    public byte[] applyTo(byte[] input) {
      int position = at % (input.length + 1);
      ByteArrayOutputStream changed = new ByteArrayOutputStream();
      changed.write(input, 0, position);
      changed.writeBytes(bytes);
      changed.write(input, position, input.length - position);
      return changed.toByteArray();
    }
  }

  record Delete(int at, int length) implements Mutation {
    @Override
    public byte[] applyTo(byte[] input) {
      if (input.length == 0) {
        return input;
      }
      int from = at % input.length;
      int to = Math.min(input.length, from + length);
      ByteArrayOutputStream changed = new ByteArrayOutputStream();
      changed.write(input, 0, from);
      changed.write(input, to, input.length - to);
      return changed.toByteArray();
    }
  }

  record Truncate(int at) implements Mutation {
    @Override
    public byte[] applyTo(byte[] input) {
      return Arrays.copyOf(input, input.length == 0 ? 0 : at % input.length);
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
    Arbitrary<Byte> interesting = Arbitraries.oneOf(
        Arbitraries.of((byte) '\r', (byte) '\n', (byte) ' ', (byte) '\t', (byte) ':', (byte) ',', (byte) ';',
            (byte) '0', (byte) '9', (byte) 'f', (byte) 'F', (byte) 0, (byte) 0x7F, (byte) 0x80, (byte) 0xFF),
        Arbitraries.bytes());
    Arbitrary<byte[]> insertions = Arbitraries.oneOf(
        Arbitraries.of("\r\n", "\r\n\r\n", "\n", "Content-Length: 5\r\n", "Content-Length: 99999999\r\n",
                "Transfer-Encoding: chunked\r\n", "Transfer-Encoding: gzip\r\n", " folded\r\n", "ffffffff\r\n",
                "Connection: close\r\n", "X: " + "y".repeat(300) + "\r\n")
            .map(Feeding::ascii),
        interesting.list().ofMinSize(1).ofMaxSize(8).map(list -> {
          byte[] bytes = new byte[list.size()];
          for (int i = 0; i < bytes.length; i++) {
            bytes[i] = list.get(i);
          }
          return bytes;
        }));
    Arbitrary<Mutation> mutation = Arbitraries.oneOf(
        Combinators.combine(positions, interesting).as(Replace::new),
        Combinators.combine(positions, insertions).as(Insert::new),
        Combinators.combine(positions, Arbitraries.integers().between(1, 20)).as(Delete::new),
        positions.map(Truncate::new));
    return mutation.list().ofMinSize(1).ofMaxSize(4);
  }
}
