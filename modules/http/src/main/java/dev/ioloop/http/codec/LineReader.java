package dev.ioloop.http.codec;

import static dev.ioloop.http.codec.HttpSyntax.CR;
import static dev.ioloop.http.codec.HttpSyntax.LF;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * Reads the lines of a message (head lines, chunk-size lines, trailer lines) from bytes arriving in any split,
 * holding only the current line. The rules every line of a message obeys are enforced here:
 * <ul>
 *   <li>A line ends in CRLF. A bare LF, or a CR followed by anything but LF, is malformed: RFC 9112 §2.2 lets a
 *       recipient accept a bare LF, and we refuse it so that no two parsers can disagree about where a line ends.
 *   <li>No control characters (NUL included) and no DEL inside a line: malformed (RFC 9110 §5.5).
 *   <li>Lines come in sections (a head, one chunk-size line, a trailer section), each with a byte budget, CRLFs
 *       included. The byte past the budget raises the section's error before it is stored: never more is held.
 * </ul>
 */
final class LineReader {
  private static final int INITIAL_CAPACITY = 128;

  private final ParseErrors errors;
  private byte[] line;
  private int length;
  private boolean afterCR;
  private boolean lineComplete;
  private int sectionBytes;
  private int sectionBudget;
  private IntFunction<HttpParseException> overBudget;

  /** {@code maxLineBytes}: the largest section budget this reader will be given. */
  LineReader(ParseErrors errors, int maxLineBytes) {
    this.errors = errors;
    this.line = new byte[Math.min(INITIAL_CAPACITY, maxLineBytes)];
  }

  /** Begins a section of at most {@code budget} bytes; a longer one fails with {@code overBudget.apply(budget)}. */
  void startSection(int budget, IntFunction<HttpParseException> overBudget) {
    this.sectionBudget = budget;
    this.overBudget = overBudget;
    this.sectionBytes = 0;
    this.length = 0;
    this.afterCR = false;
    this.lineComplete = false;
  }

  /**
   * Consumes bytes up to and including the CRLF of the current line. Returns true when the line is complete
   * ({@link #bytes()}, {@link #length()} without the CRLF, valid until the next call); false when {@code in} ran out
   * first, having consumed all of it.
   *
   * <p>Bytes are copied in bulk into the line buffer, then checked there in order; only those up to the CR count as
   * consumed, so what follows the line stays in {@code in}. Every rule sees the bytes in the same order as a byte
   * at a time would, hence the same outcome for any split.
   */
  boolean read(ByteBuffer in) throws HttpParseException {
    if (lineComplete) {
      length = 0;
      lineComplete = false;
    }
    while (in.hasRemaining()) {
      if (sectionBytes == sectionBudget) {
        throw overBudget.apply(sectionBudget);
      }
      if (afterCR) {
        sectionBytes++;
        if (in.get() != LF) {
          throw errors.malformed("CR without LF (lines end in CRLF)");
        }
        afterCR = false;
        lineComplete = true;
        return true;
      }
      if (length == line.length) {
        // length <= sectionBytes < sectionBudget here, so the buffer never outgrows the largest budget
        line = Arrays.copyOf(line, Math.min(line.length * 2, sectionBudget));
      }
      int count = Math.min(Math.min(in.remaining(), line.length - length), sectionBudget - sectionBytes);
      in.get(in.position(), line, length, count);
      int scanned = scan(count);
      in.position(in.position() + scanned);
      sectionBytes += scanned;
    }
    return false;
  }

  /**
   * Checks the {@code count} bytes just copied after the line's end: the line grows by the text bytes, up to a CR,
   * which is consumed too. Returns the bytes consumed.
   */
  private int scan(int count) throws HttpParseException {
    int end = length + count;
    for (int i = length; i < end; i++) {
      byte b = line[i];
      if (b == CR) {
        afterCR = true;
        int consumed = i - length + 1;
        length = i;
        return consumed;
      }
      if (b == LF) {
        throw errors.malformed("bare LF (lines end in CRLF)");
      }
      if (!HttpSyntax.isFieldText(b & 0xFF)) {
        throw errors.malformed("control character in a message line");
      }
    }
    length = end;
    return count;
  }

  byte[] bytes() {
    return line;
  }

  int length() {
    return length;
  }

  /** Whether the current section has consumed any byte. */
  boolean sectionStarted() {
    return sectionBytes > 0;
  }

  int capacity() {
    return line.length;
  }

}
