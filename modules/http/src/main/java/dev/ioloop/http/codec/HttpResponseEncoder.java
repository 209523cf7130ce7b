package dev.ioloop.http.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Writes a response as bytes: status line, the response's fields, {@code Content-Length}, {@code Connection} where
 * needed, blank line, body. There is no {@code Date} or {@code Server} field on purpose: the reactor and loom servers
 * must answer byte for byte the same.
 *
 * <p>The status line always says HTTP/1.1, also to HTTP/1.0 clients (RFC 9110 §2.5: a server sends its own version).
 * {@code Connection: close} goes with every answer after which the server closes; {@code Connection: keep-alive}
 * with the answers to HTTP/1.0 clients that keep the connection open, since HTTP/1.0 closes by default; an HTTP/1.1
 * connection that stays open needs neither.
 */
public final class HttpResponseEncoder {
  private static final byte[][] STATUS_LINES = new byte[600][];
  private static final byte[] CONTENT_LENGTH = ascii("Content-Length: ");
  private static final byte[] CONNECTION_CLOSE = ascii("Connection: close\r\n");
  private static final byte[] CONNECTION_KEEP_ALIVE = ascii("Connection: keep-alive\r\n");
  private static final byte[] NOTHING = new byte[0];
  private static final byte[] COLON_SPACE = ascii(": ");
  private static final byte[] CRLF = ascii("\r\n");
  private static final byte[] CONTINUE = ascii("HTTP/1.1 100 Continue\r\n\r\n");

  static {
    for (int status = 200; status < STATUS_LINES.length; status++) {
      STATUS_LINES[status] = ascii("HTTP/1.1 " + status + " " + HttpStatus.reasonPhrase(status) + "\r\n");
    }
  }

  private HttpResponseEncoder() {}

  /**
   * {@code 100 Continue}, the interim answer a request that expects it gets before its body (RFC 9110 §10.1.1,
   * {@link HttpRequestParser#takeContinue()}), in a fresh heap buffer ready to be written.
   */
  public static ByteBuffer continueResponse() {
    return ByteBuffer.wrap(CONTINUE.clone());
  }

  /**
   * The answer to a request of {@code requestVersion} in a fresh heap buffer, ready to be written (its backing
   * array is there for stream writes); {@code keepAlive}: whether the server keeps the connection open after it.
   */
  public static ByteBuffer encode(HttpResponse response, HttpVersion requestVersion, boolean keepAlive) {
    ByteBuffer encoded = ByteBuffer.allocate(encodedLength(response, requestVersion, keepAlive));
    encode(response, requestVersion, keepAlive, encoded);
    return encoded.flip();
  }

  /**
   * Appends the answer to {@code out}, to batch the answers of pipelined requests into one write.
   *
   * @throws java.nio.BufferOverflowException if {@code out} has less room than {@link #encodedLength}; what fit
   *     has been written
   */
  public static void encode(HttpResponse response, HttpVersion requestVersion, boolean keepAlive, ByteBuffer out) {
    out.put(STATUS_LINES[response.status()]);
    HttpHeaders headers = response.headers();
    for (int i = 0; i < headers.size(); i++) {
      putLatin1(out, headers.name(i));
      out.put(COLON_SPACE);
      putLatin1(out, headers.value(i));
      out.put(CRLF);
    }
    if (HttpResponse.allowsBody(response.status())) {
      out.put(CONTENT_LENGTH);
      putLatin1(out, Integer.toString(response.body().length));
      out.put(CRLF);
    }
    out.put(connectionLine(requestVersion, keepAlive));
    out.put(CRLF);
    out.put(response.body());
  }

  /** How many bytes {@link #encode} writes for this answer. */
  public static int encodedLength(HttpResponse response, HttpVersion requestVersion, boolean keepAlive) {
    int length = STATUS_LINES[response.status()].length;
    HttpHeaders headers = response.headers();
    for (int i = 0; i < headers.size(); i++) {
      length += headers.name(i).length() + COLON_SPACE.length + headers.value(i).length() + CRLF.length;
    }
    if (HttpResponse.allowsBody(response.status())) {
      length += CONTENT_LENGTH.length + decimalDigits(response.body().length) + CRLF.length;
    }
    return length + connectionLine(requestVersion, keepAlive).length + CRLF.length + response.body().length;
  }

  private static byte[] connectionLine(HttpVersion requestVersion, boolean keepAlive) {
    if (!keepAlive) {
      return CONNECTION_CLOSE;
    }
    return requestVersion == HttpVersion.HTTP_1_0 ? CONNECTION_KEEP_ALIVE : NOTHING;
  }

  /** One byte per char: the response checked every header char is 0..255. */
  private static void putLatin1(ByteBuffer out, String text) {
    for (int i = 0; i < text.length(); i++) {
      out.put((byte) text.charAt(i));
    }
  }

  private static int decimalDigits(int value) {
    int digits = 1;
    for (int rest = value / 10; rest > 0; rest /= 10) {
      digits++;
    }
    return digits;
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
