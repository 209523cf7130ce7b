package dev.ioloop.http.codec;

/**
 * A request line, {@code method SP request-target SP HTTP-version} with single spaces (RFC 9112 §3), checked whole.
 * Enforced here:
 * <ul>
 *   <li>The method is a token, the target visible ASCII (its forms: {@link RequestTarget}).
 *   <li>The version is {@code HTTP/DIGIT.DIGIT}, else 400; another major version than 1 is 505; HTTP/1.2 to 1.9 are
 *       read as HTTP/1.1 ({@link HttpVersion#ofRequest}).
 *   <li>{@code CONNECT}, in any form, is 501: the lab's servers are origin servers, not proxies that open tunnels
 *       (RFC 9110 §9.3.6 and §15.6.2). Its connection closes, as after any refusal, so that whatever a client sends
 *       optimistically into the tunnel is never read as a request.
 * </ul>
 */
record RequestLine(String method, String target, RequestTarget parsedTarget, HttpVersion version) {
  static final String CONNECT = "CONNECT";

  static RequestLine parse(String line, ParseErrors errors) throws HttpParseException {
    int methodEnd = line.indexOf(' ');
    int targetEnd = methodEnd < 0 ? -1 : line.indexOf(' ', methodEnd + 1);
    if (targetEnd < 0) {
      throw errors.malformed("malformed request line");
    }
    String method = line.substring(0, methodEnd);
    if (!HttpSyntax.isToken(method)) {
      throw errors.malformed("invalid method");
    }
    String target = line.substring(methodEnd + 1, targetEnd);
    if (target.isEmpty() || !HttpSyntax.isVisibleAscii(target)) {
      throw errors.malformed("invalid request target");
    }
    HttpVersion version = HttpVersion.ofRequest(line, targetEnd + 1, line.length(), errors);
    if (method.equals(CONNECT)) {
      throw new HttpParseException(HttpStatus.NOT_IMPLEMENTED, "CONNECT is not supported: this is no proxy");
    }
    return new RequestLine(method, target, RequestTarget.parse(method, target, errors), version);
  }
}
