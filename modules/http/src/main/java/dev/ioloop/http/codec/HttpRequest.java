package dev.ioloop.http.codec;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * One request, as {@link HttpRequestParser} read it.
 *
 * @param method    as sent; methods are case-sensitive (RFC 9110 §9.1)
 * @param target    the request target as sent, still percent-encoded
 * @param path      the target's path, still percent-encoded (see {@link RequestTarget}); {@code *} for
 *                  {@code OPTIONS *}
 * @param query     the decoded query parameters in order, the first of repeated names winning; the shape
 *                  {@code dev.ioloop.api.endpoint.Params} reads
 * @param version   HTTP/1.0 or HTTP/1.1
 * @param headers   the header fields in order
 * @param body      exactly the body, empty without one; handed over without a copy, so not to be modified
 * @param keepAlive whether the client expects the connection to stay open after the answer (RFC 9112 §9.3)
 */
public record HttpRequest(
    String method,
    String target,
    String path,
    Map<String, String> query,
    HttpVersion version,
    HttpHeaders headers,
    byte[] body,
    boolean keepAlive) {

  // A record compares arrays by identity; a request is its bytes, so equality compares the body's content.
  @Override
  public boolean equals(Object other) {
    return other instanceof HttpRequest that
        && method.equals(that.method)
        && target.equals(that.target)
        && path.equals(that.path)
        && query.equals(that.query)
        && version == that.version
        && headers.equals(that.headers)
        && Arrays.equals(body, that.body)
        && keepAlive == that.keepAlive;
  }

  @Override
  public int hashCode() {
    return Objects.hash(method, target, path, query, version, headers, Arrays.hashCode(body), keepAlive);
  }

  @Override
  public String toString() {
    return "HttpRequest[" + method + " " + target + " " + version.text() + ", headers=" + headers
        + ", body=" + body.length + " bytes, keepAlive=" + keepAlive + "]";
  }
}
