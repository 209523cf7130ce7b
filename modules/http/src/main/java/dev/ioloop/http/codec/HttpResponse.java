package dev.ioloop.http.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * An answer for {@link HttpResponseEncoder} to write. Its headers are everything but the framing: Content-Length
 * and Connection are the encoder's to write, so that no answer can contradict its own length.
 *
 * @param status  200 to 599; 204 and 304 have no body
 * @param headers the fields to send, in order; tokens as names, values without line breaks or control characters
 *                (so no answer can split into two), no Content-Length, Transfer-Encoding or Connection
 * @param body    sent as is, not copied
 */
public record HttpResponse(int status, HttpHeaders headers, byte[] body) {
  public static final String TEXT_PLAIN = "text/plain; charset=utf-8";
  public static final String APPLICATION_JSON = "application/json";
  /** What /api/echo answers with: the body back as the bytes it was. */
  public static final String OCTET_STREAM = "application/octet-stream";

  public HttpResponse {
    if (status < 200 || status > 599) {
      throw new IllegalArgumentException("status must be 200..599, not " + status);
    }
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(body, "body");
    if (!allowsBody(status) && body.length > 0) {
      throw new IllegalArgumentException(status + " answers have no body");
    }
    for (int i = 0; i < headers.size(); i++) {
      requireSendable(headers.name(i), headers.value(i));
    }
  }

  /** {@code status} with a plain-text UTF-8 body. */
  public static HttpResponse text(int status, String body) {
    return of(status, TEXT_PLAIN, body.getBytes(StandardCharsets.UTF_8));
  }

  public static HttpResponse json(int status, String json) {
    return of(status, APPLICATION_JSON, json.getBytes(StandardCharsets.UTF_8));
  }

  public static HttpResponse of(int status, String contentType, byte[] body) {
    return new HttpResponse(status, HttpHeaders.of("Content-Type", contentType), body);
  }

  /**
   * The contract's error answer: plain text, the reason on one line ending in a newline. Line breaks inside the
   * reason become spaces, so the body stays one line whatever the reason says.
   */
  public static HttpResponse error(int status, String reason) {
    return text(status, reason.replace('\r', ' ').replace('\n', ' ') + "\n");
  }

  /** 405 with {@code Allow} listing the methods the resource does take (RFC 9110 §15.5.6 requires it). */
  public static HttpResponse methodNotAllowed(String... allowedMethods) {
    String allow = String.join(", ", allowedMethods);
    return error(HttpStatus.METHOD_NOT_ALLOWED, "method not allowed, allowed: " + allow).withHeader("Allow", allow);
  }

  public HttpResponse withHeader(String name, String value) {
    return new HttpResponse(status, headers.with(name, value), body);
  }

  /** 204 and 304 never carry a body, nor a Content-Length (RFC 9110 §8.6). */
  static boolean allowsBody(int status) {
    return status != 204 && status != 304;
  }

  private static void requireSendable(String name, String value) {
    if (!HttpSyntax.isToken(name)) {
      throw new IllegalArgumentException("header name must be a token: '" + name + "'");
    }
    if (name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Transfer-Encoding")
        || name.equalsIgnoreCase("Connection")) {
      throw new IllegalArgumentException(name + " is written by the encoder, not the response");
    }
    for (int i = 0; i < value.length(); i++) {
      if (!HttpSyntax.isFieldText(value.charAt(i))) {
        throw new IllegalArgumentException("header " + name + " has a character that cannot be sent: U+"
            + Integer.toHexString(value.charAt(i)));
      }
    }
  }

  // A record compares arrays by identity; an answer is its bytes, so equality compares the body's content.
  @Override
  public boolean equals(Object other) {
    return other instanceof HttpResponse that
        && status == that.status && headers.equals(that.headers) && Arrays.equals(body, that.body);
  }

  @Override
  public int hashCode() {
    return Objects.hash(status, headers, Arrays.hashCode(body));
  }

  @Override
  public String toString() {
    return "HttpResponse[" + status + ", headers=" + headers + ", body=" + body.length + " bytes]";
  }
}
