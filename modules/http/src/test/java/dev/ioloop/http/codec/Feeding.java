package dev.ioloop.http.codec;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Feeds a parser the way a server does: pieces into one buffer, messages out until none, compact, repeat. */
final class Feeding {
  private Feeding() {}

  /** What a parser made of some input: the messages, then the error that stopped it, if any. */
  record Outcome<M>(List<M> messages, Integer errorStatus, String errorReason) {
    M single() {
      assertTrue(errorStatus == null && messages.size() == 1, () -> "expected one message, got " + this);
      return messages.getFirst();
    }
  }

  static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Feeds all of {@code input} at once. */
  static <M> Outcome<M> whole(MessageParser<M> parser, byte[] input) {
    return inPieces(parser, input, List.of(input.length));
  }

  /** Feeds {@code input} one byte at a time. */
  static <M> Outcome<M> byteByByte(MessageParser<M> parser, byte[] input) {
    return inPieces(parser, input, Collections.nCopies(input.length, 1));
  }

  /**
   * Feeds {@code input} in pieces of the given sizes (the rest in one last piece), checking after every call what
   * the parser promises: it returns null only when it consumed the whole buffer, and it holds no more than its
   * limits allow.
   */
  static <M> Outcome<M> inPieces(MessageParser<M> parser, byte[] input, List<Integer> pieceSizes) {
    List<M> messages = new ArrayList<>();
    ByteBuffer buffer = ByteBuffer.allocate(Math.max(input.length, 1));
    int offset = 0;
    int piece = 0;
    try {
      while (offset < input.length) {
        int size = piece < pieceSizes.size() ? Math.min(pieceSizes.get(piece++), input.length - offset)
            : input.length - offset;
        buffer.put(input, offset, size);
        offset += size;
        buffer.flip();
        M message;
        while ((message = parser.parse(buffer)) != null) {
          messages.add(message);
          assertHeld(parser);
        }
        assertFalse(buffer.hasRemaining(), "null returned with bytes left unread");
        assertHeld(parser);
        buffer.compact();
      }
      return new Outcome<>(messages, null, null);
    } catch (HttpParseException e) {
      assertHeld(parser);
      return new Outcome<>(messages, e.status(), e.reason());
    }
  }

  private static void assertHeld(MessageParser<?> parser) {
    HttpLimits limits = parser.limits();
    int held = parser.retainedBytes();
    assertTrue(held <= limits.maxHeadBytes() + limits.maxBodyBytes(),
        () -> "parser holds " + held + " bytes, more than its limits " + limits);
  }
}
