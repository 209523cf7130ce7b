package dev.ioloop.jetty;

import dev.ioloop.http.codec.HttpLimits;
import dev.ioloop.http.codec.HttpParseException;
import dev.ioloop.http.codec.HttpRequestParser;
import dev.ioloop.http.codec.HttpStatus;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpParser;

/**
 * Jetty's request parser, made to read the request line as the codec does ({@link HttpRequestParser#checkRequestLine},
 * docs/reliability.md, "Second round"). Jetty's own parser differs from the codec in ways no setting changes: it
 * answers 505 for every version it does not know, malformed ones ({@code HTTP/1.10}) included, and so cannot serve
 * {@code HTTP/1.2} as 1.1 (RFC 9112 §2.3); it skips repeated spaces and reads {@code http/1.1} regardless of case;
 * it answers 414 for a request target over the head limit where the codec answers 431. This parser:
 * <ul>
 *   <li>records the raw request line as it passes (never more than the head limit), so that
 *       {@link #checkRecordedLine()}, called when Jetty starts the request, refuses what the codec refuses, with its
 *       status and reason (400, 501 for CONNECT, 505 for another major version);
 *   <li>turns the minor digit of {@code HTTP/1.2} to {@code HTTP/1.9} into a 1 in the input before Jetty reads it, so
 *       that Jetty serves it as HTTP/1.1 (if more follows the digit, the codec's check of the recorded line refuses
 *       it as malformed);
 *   <li>judges a request Jetty refuses while reading its line with the codec's rules, where they refuse it too.
 * </ul>
 * Only the request line is looked at: headers and bodies are Jetty's.
 */
final class JettyRequestLine extends HttpParser {
  private static final int MAX_LINE = HttpLimits.DEFAULT.maxHeadBytes();
  private static final String HTTP_1_DOT = " HTTP/1.";

  private final StringBuilder line = new StringBuilder(64);
  /** The recorded line ended (at its CR or LF). */
  private boolean complete;
  /** The line outgrew the head limit: no longer recorded. */
  private boolean overlong;

  /** Told when the bytes of a message's head begin to arrive (Jetty's messageBegin also comes with none). */
  private final Runnable headBegins;

  JettyRequestLine(RequestHandler handler, int maxHeaderBytes, HttpCompliance compliance, Runnable headBegins) {
    super(handler, maxHeaderBytes, compliance);
    this.headBegins = headBegins;
  }

  @Override
  public boolean parseNext(ByteBuffer buffer) {
    if (getState() == State.START && buffer.hasRemaining()) {
      headBegins.run();
    }
    if (getState().ordinal() <= State.REQUEST_VERSION.ordinal()) {
      record(buffer);
    }
    return super.parseNext(buffer);
  }

  /** The codec's answer to the recorded request line, as Jetty's exception; nothing if it accepts the line. */
  void checkRecordedLine() {
    HttpException refusal = codecsRefusal();
    if (refusal != null) {
      throw (HttpException.RuntimeException) refusal;
    }
  }

  /** Where the codec refuses the request line too, its answer replaces Jetty's. */
  @Override
  protected void badMessage(HttpException failure) {
    HttpException codecs = codecsRefusal();
    super.badMessage(codecs != null ? codecs : failure);
  }

  private HttpException codecsRefusal() {
    if (overlong) {
      return new HttpException.RuntimeException(HttpStatus.HEADER_FIELDS_TOO_LARGE,
          "message head larger than " + MAX_LINE + " bytes");
    }
    if (!complete) {
      return null;
    }
    try {
      HttpRequestParser.checkRequestLine(line.toString());
      return null;
    } catch (HttpParseException refused) {
      return new HttpException.RuntimeException(refused.status(), refused.reason());
    }
  }

  /**
   * Appends the bytes of the request line that {@code buffer} holds, before Jetty reads them; a new request (the
   * parser back at its start) begins a new line. Blank lines before the request line are skipped, as both parsers do.
   */
  private void record(ByteBuffer buffer) {
    if (getState() == State.START && (complete || overlong)) {
      line.setLength(0);
      complete = false;
      overlong = false;
    }
    for (int i = buffer.position(); i < buffer.limit() && !complete && !overlong; i++) {
      char c = (char) (buffer.get(i) & 0xFF);
      if (c == '\r' || c == '\n') {
        complete = !line.isEmpty();
      } else if (line.length() == MAX_LINE) {
        overlong = true;
      } else {
        if (c >= '2' && c <= '9' && endsWithHttp1Dot()) {
          buffer.put(i, (byte) '1'); // HTTP/1.2 .. HTTP/1.9: Jetty reads HTTP/1.1
        }
        line.append(c);
      }
    }
  }

  private boolean endsWithHttp1Dot() {
    int start = line.length() - HTTP_1_DOT.length();
    return start >= 0 && line.indexOf(HTTP_1_DOT, start) == start;
  }
}
