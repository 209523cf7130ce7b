package dev.ioloop.http.codec;

import java.nio.ByteBuffer;
import java.util.function.IntFunction;

/**
 * Reads one message head (start line, header fields, blank line) from bytes arriving in any split. Enforced here:
 * <ul>
 *   <li>The whole head, CRLFs and skipped blank lines included, is at most {@link HttpLimits#maxHeadBytes()}
 *       (431 for a request, docs/contract.md).
 *   <li>Blank lines before the start line are skipped (RFC 9112 §2.2: clients may send a stray CRLF after a body).
 *   <li>A field line starting with whitespace is obsolete line folding, or whitespace before the first field:
 *       malformed (RFC 9112 §5.2 and §2.2 allow rejecting both, and accepting them invites smuggling).
 *   <li>A field name is a token with no whitespace before the colon (RFC 9112 §5.1); the value loses the
 *       whitespace around it.
 * </ul>
 * The start line is handed over as text, for the request or response parser to check.
 */
final class HeadReader {
  private final LineReader lines;
  private final ParseErrors errors;
  private final int maxHeadBytes;
  private final IntFunction<HttpParseException> tooLarge;
  private final HttpHeaders.Builder fields = new HttpHeaders.Builder();
  private String startLine;

  HeadReader(LineReader lines, HttpLimits limits, ParseErrors errors) {
    this.lines = lines;
    this.errors = errors;
    this.maxHeadBytes = limits.maxHeadBytes();
    this.tooLarge = errors::headTooLarge;
  }

  /** Begins a new head. */
  void start() {
    lines.startSection(maxHeadBytes, tooLarge);
    fields.clear();
    startLine = null;
  }

  /** Consumes bytes of the head; true once its blank line is consumed, and not a byte past it. */
  boolean read(ByteBuffer in) throws HttpParseException {
    while (lines.read(in)) {
      byte[] line = lines.bytes();
      int length = lines.length();
      if (startLine == null) {
        if (length > 0) {
          startLine = HttpSyntax.latin1(line, 0, length);
        }
      } else if (length == 0) {
        return true;
      } else if (HttpSyntax.isWhitespace(line[0])) {
        throw errors.malformed("header line starting with whitespace (obsolete line folding)");
      } else {
        addField(line, length);
      }
    }
    return false;
  }

  /** Whether any byte of this head has arrived. */
  boolean started() {
    return lines.sectionStarted();
  }

  String startLine() {
    return startLine;
  }

  HttpHeaders headers() {
    return fields.build();
  }

  private void addField(byte[] line, int length) throws HttpParseException {
    int colon = 0;
    while (colon < length && line[colon] != ':') {
      if (!HttpSyntax.isTchar(line[colon])) {
        throw errors.malformed("invalid header field name");
      }
      colon++;
    }
    if (colon == 0 || colon == length) {
      throw errors.malformed(colon == 0 ? "empty header field name" : "header line without a colon");
    }
    int valueStart = colon + 1;
    int valueEnd = length;
    while (valueStart < valueEnd && HttpSyntax.isWhitespace(line[valueStart])) {
      valueStart++;
    }
    while (valueEnd > valueStart && HttpSyntax.isWhitespace(line[valueEnd - 1])) {
      valueEnd--;
    }
    fields.add(HttpSyntax.latin1(line, 0, colon), HttpSyntax.latin1(line, valueStart, valueEnd));
  }
}
