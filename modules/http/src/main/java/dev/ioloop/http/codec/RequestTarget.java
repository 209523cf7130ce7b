package dev.ioloop.http.codec;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request target split into the path that routes and the decoded query (RFC 9112 §3.2). Enforced here:
 * <ul>
 *   <li>The target is visible US-ASCII without {@code #} (a fragment is never sent): the request line checks the
 *       characters, this class the forms (RFC 9112 §3.2), whatever the method but CONNECT ({@link RequestLine}).
 *       Accepted: origin form {@code /path?query}; absolute form {@code http://host[:port]/path?query} or
 *       {@code https://...}, which servers must accept (RFC 9112 §3.2.2), its host then taking the place of the
 *       {@code Host} field's; {@code *} for OPTIONS only. Refused (400): the authority form {@code host:port}, which
 *       is CONNECT's; an absolute form of another scheme, without {@code //}, with an empty host (RFC 9110 §4.2.1),
 *       with userinfo (§4.2.4) or with an authority that is not {@code host[:port]}; {@code *} with another
 *       method; anything else.
 *   <li>The query is {@code name=value} pairs joined by {@code &}, percent-encoded UTF-8 with {@code +} for a space
 *       (HTML forms, as Tornado and Jetty decode it). A bad escape or bytes that are not UTF-8 are malformed.
 *   <li>The path stays percent-encoded: routing compares what was sent, so {@code /a%2Fb} never becomes {@code /a/b}.
 * </ul>
 */
record RequestTarget(String path, Map<String, String> query) {

  static RequestTarget parse(String method, String target, ParseErrors errors) throws HttpParseException {
    if (target.indexOf('#') >= 0) {
      throw errors.malformed("fragment in the request target");
    }
    int pathStart;
    if (target.startsWith("/")) {
      pathStart = 0;
    } else if (startsWithIgnoreCase(target, "http://") || startsWithIgnoreCase(target, "https://")) {
      int authorityStart = target.indexOf("//") + 2;
      pathStart = firstOf(target, authorityStart, '/', '?');
      String authority = target.substring(authorityStart, pathStart);
      if (authority.isEmpty() || authority.startsWith(":") || !HostField.isHostAndPort(authority)) {
        throw errors.malformed("invalid authority in the request target");
      }
    } else if (target.equals("*") && method.equals("OPTIONS")) {
      return new RequestTarget(target, Map.of());
    } else {
      throw errors.malformed("invalid request target");
    }
    int queryStart = target.indexOf('?', pathStart);
    int pathEnd = queryStart < 0 ? target.length() : queryStart;
    String path = pathStart == pathEnd ? "/" : target.substring(pathStart, pathEnd);
    Map<String, String> query = queryStart < 0 ? Map.of() : decodeQuery(target, queryStart + 1, errors);
    return new RequestTarget(path, query);
  }

  /** The parameters in order; the first of repeated names wins, as with Jetty's {@code Fields.getValue}. */
  private static Map<String, String> decodeQuery(String target, int start, ParseErrors errors)
      throws HttpParseException {
    Map<String, String> parameters = new LinkedHashMap<>();
    int pairStart = start;
    while (pairStart <= target.length()) {
      int pairEnd = target.indexOf('&', pairStart);
      if (pairEnd < 0) {
        pairEnd = target.length();
      }
      if (pairEnd > pairStart) {
        int equals = target.indexOf('=', pairStart);
        int nameEnd = equals < 0 || equals > pairEnd ? pairEnd : equals;
        String name = decode(target, pairStart, nameEnd, errors);
        String value = nameEnd == pairEnd ? "" : decode(target, nameEnd + 1, pairEnd, errors);
        parameters.putIfAbsent(name, value);
      }
      pairStart = pairEnd + 1;
    }
    return parameters.isEmpty() ? Map.of() : Collections.unmodifiableMap(parameters);
  }

  private static String decode(String text, int from, int to, ParseErrors errors) throws HttpParseException {
    if (firstOf(text, from, '%', '+') >= to) {
      return text.substring(from, to); // nothing encoded, the common case: no byte array, no decoder
    }
    byte[] bytes = new byte[to - from];
    int length = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c == '+') {
        bytes[length++] = ' ';
      } else if (c == '%') {
        int high = i + 2 < to ? HttpSyntax.hexValue(text.charAt(i + 1)) : -1;
        int low = high < 0 ? -1 : HttpSyntax.hexValue(text.charAt(i + 2));
        if (low < 0) {
          throw errors.malformed("malformed percent-encoding in the query");
        }
        bytes[length++] = (byte) (high * 16 + low);
        i += 2;
      } else {
        bytes[length++] = (byte) c; // the request line admits visible ASCII only
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes, 0, length)).toString();
    } catch (CharacterCodingException e) {
      throw errors.malformed("query is not UTF-8");
    }
  }

  /** The index of the first {@code a} or {@code b} from {@code from}, or the length of the text. */
  private static int firstOf(String text, int from, char a, char b) {
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == a || c == b) {
        return i;
      }
    }
    return text.length();
  }

  private static boolean startsWithIgnoreCase(String text, String prefix) {
    return text.regionMatches(true, 0, prefix, 0, prefix.length());
  }
}
