package dev.ioloop.http.codec;

import java.util.Optional;

/**
 * The two versions the codec speaks, and their different defaults for keeping a connection open. A request may name
 * a higher minor version of HTTP/1 ({@code HTTP/1.2}): it is read as HTTP/1.1, the highest minor version spoken
 * (RFC 9112 §2.3, RFC 9110 §2.5); another major version is refused with 505 (RFC 9110 §15.6.6).
 */
public enum HttpVersion {
  HTTP_1_0("HTTP/1.0"),
  HTTP_1_1("HTTP/1.1");

  private static final HttpVersion[] ALL = values();

  private final String text;

  HttpVersion(String text) {
    this.text = text;
  }

  /** As it appears on the wire, e.g. {@code HTTP/1.1}. */
  public String text() {
    return text;
  }

  /**
   * Whether a message of this version with these headers leaves the connection open (RFC 9112 §9.3): HTTP/1.1
   * unless {@code Connection} lists {@code close}; HTTP/1.0 only if it lists {@code keep-alive} (and not close).
   */
  boolean persistent(HttpHeaders headers) {
    if (headers.hasToken("Connection", "close")) {
      return false;
    }
    return this == HTTP_1_1 || headers.hasToken("Connection", "keep-alive");
  }

  /**
   * The version of a request line, {@code line[from, to)}: {@code HTTP/DIGIT.DIGIT} (RFC 9112 §2.3), else malformed
   * (400); a major version other than 1 is not supported (505); HTTP/1.0 is 1.0, and HTTP/1.1 to HTTP/1.9 are read
   * as HTTP/1.1.
   */
  static HttpVersion ofRequest(String line, int from, int to, ParseErrors errors) throws HttpParseException {
    if (to - from != HTTP_1_1.text.length() || !line.startsWith("HTTP/", from)
        || !HttpSyntax.isDigit(line.charAt(from + 5)) || line.charAt(from + 6) != '.'
        || !HttpSyntax.isDigit(line.charAt(from + 7))) {
      throw errors.malformed("malformed HTTP version (HTTP/DIGIT.DIGIT)");
    }
    if (line.charAt(from + 5) != '1') {
      throw new HttpParseException(HttpStatus.HTTP_VERSION_NOT_SUPPORTED,
          "unsupported HTTP version " + line.substring(from, to) + " (HTTP/1.0 and HTTP/1.1 are spoken)");
    }
    return line.charAt(from + 7) == '0' ? HTTP_1_0 : HTTP_1_1;
  }

  /** The version spelled exactly by {@code line[from, to)} (a response's): no other version is spoken. */
  static Optional<HttpVersion> in(String line, int from, int to) {
    for (HttpVersion version : ALL) {
      if (to - from == version.text.length() && line.startsWith(version.text, from)) {
        return Optional.of(version);
      }
    }
    return Optional.empty();
  }
}
