package dev.ioloop.http.codec;

import java.util.List;

/**
 * The rule of RFC 9112 §3.2 on a request's {@code Host} field: 400 for an HTTP/1.1 request without one (HTTP/1.0
 * predates it and may omit it), for any request with more than one {@code Host} line, and for a value that is not
 * {@code uri-host [ ":" port ]} (RFC 9110 §7.2, RFC 3986 §3.2.2). Two Host lines, or a Host that a proxy and a server
 * would read differently, are how requests get routed to a host they were not checked for.
 *
 * <p>The value is checked, never used: the servers answer under any name they are reached by. An empty value is
 * valid (RFC 9110 §7.2: a target without an authority sends one).
 */
final class HostField {
  private static final String NAME = "Host";

  private HostField() {}

  static void check(HttpVersion version, HttpHeaders headers, ParseErrors errors) throws HttpParseException {
    List<String> values = headers.all(NAME);
    if (values.size() > 1) {
      throw errors.malformed("more than one Host header field");
    }
    if (values.isEmpty()) {
      if (version == HttpVersion.HTTP_1_1) {
        throw errors.malformed("missing Host header field (HTTP/1.1 requires one)");
      }
      return;
    }
    if (!isHostAndPort(values.getFirst())) {
      throw errors.malformed("invalid Host header field");
    }
  }

  /**
   * {@code uri-host [ ":" port ]}: an IP literal in brackets, whose inside is only checked for its characters (hex
   * digits, colons and dots of IPv6, or IPvFuture's), or a reg-name (an IPv4 address is one too); the port digits.
   */
  static boolean isHostAndPort(String value) {
    int hostEnd;
    if (value.startsWith("[")) {
      int close = value.indexOf(']');
      if (close < 2 || !allOf(value, 1, close, true)) {
        return false;
      }
      hostEnd = close + 1;
    } else {
      int colon = value.indexOf(':');
      hostEnd = colon < 0 ? value.length() : colon;
      if (!allOf(value, 0, hostEnd, false)) {
        return false;
      }
    }
    if (hostEnd == value.length()) {
      return true;
    }
    if (value.charAt(hostEnd) != ':') {
      return false;
    }
    for (int i = hostEnd + 1; i < value.length(); i++) {
      if (!HttpSyntax.isDigit(value.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code value[from, to)} is all unreserved characters, sub-delims and percent-escapes (a reg-name), or,
   * {@code inBrackets}, unreserved characters, sub-delims and colons (an IP literal's inside).
   */
  private static boolean allOf(String value, int from, int to, boolean inBrackets) {
    for (int i = from; i < to; i++) {
      char c = value.charAt(i);
      if (c == '%' && !inBrackets) {
        if (!isEscape(value, i, to)) {
          return false;
        }
        i += 2;
      } else if (!(isUnreserved(c) || isSubDelim(c) || inBrackets && c == ':')) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code value[at, to)} begins with {@code %HH}. */
  private static boolean isEscape(String value, int at, int to) {
    return at + 2 < to
        && HttpSyntax.hexValue(value.charAt(at + 1)) >= 0 && HttpSyntax.hexValue(value.charAt(at + 2)) >= 0;
  }

  private static boolean isUnreserved(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || HttpSyntax.isDigit(c) || "-._~".indexOf(c) >= 0;
  }

  private static boolean isSubDelim(char c) {
    return "!$&'()*+,;=".indexOf(c) >= 0;
  }
}
