package dev.ioloop.http.codec;

import java.util.Optional;

/** The two versions the codec speaks, and their different defaults for keeping a connection open. */
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

  /** The version spelled exactly by {@code line[from, to)}: no other version is spoken. */
  static Optional<HttpVersion> in(String line, int from, int to) {
    for (HttpVersion version : ALL) {
      if (to - from == version.text.length() && line.startsWith(version.text, from)) {
        return Optional.of(version);
      }
    }
    return Optional.empty();
  }
}
