package dev.ioloop.http;

import static dev.ioloop.http.HttpSyntax.CR;
import static dev.ioloop.http.HttpSyntax.LF;

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
   */
  boolean read(ByteBuffer in) throws HttpParseException {
    if (lineComplete) {
      length = 0;
      lineComplete = false;
    }
    int position = in.position();
    int limit = in.limit();
    try {
      while (position < limit) {
        byte b = in.get(position++);
        if (++sectionBytes > sectionBudget) {
          throw overBudget.apply(sectionBudget);
        }
        if (afterCR) {
          if (b != LF) {
            throw errors.malformed("CR without LF (lines end in CRLF)");
          }
          afterCR = false;
          lineComplete = true;
          return true;
        }
        if (b == CR) {
          afterCR = true;
        } else if (b == LF) {
          throw errors.malformed("bare LF (lines end in CRLF)");
        } else if (!HttpSyntax.isFieldText(b & 0xFF)) {
          throw errors.malformed("control character in a message line");
        } else {
          append(b);
        }
      }
      return false;
    } finally {
      in.position(position);
    }
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

  private void append(byte b) {
    if (length == line.length) {
      // length < sectionBytes <= sectionBudget here, so the line buffer never outgrows the largest budget
      line = Arrays.copyOf(line, Math.min(line.length * 2, sectionBudget));
    }
    line[length++] = b;
  }
}
