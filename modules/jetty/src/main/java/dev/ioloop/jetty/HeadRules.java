package dev.ioloop.jetty;

import dev.ioloop.http.codec.HttpStatus;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpVersion;

/**
 * The codec's refusals of a request head that Jetty's parser takes otherwise, checked as the head is parsed
 * ({@link JettyConnectionFactory}) and thrown as Jetty's parser refuses a head, so that its error handler answers
 * them, with the codec's status and words, then closes.
 */
final class HeadRules {
  private HeadRules() {}

  /**
   * {@code Expect} in an HTTP/1.0 request is ignored, as RFC 9110 section 10.1.1 requires: Jetty would answer it 100,
   * so it must not see the field.
   */
  static boolean ignored(HttpField field, HttpVersion version) {
    return field.getHeader() == HttpHeader.EXPECT && version == HttpVersion.HTTP_1_0;
  }

  /**
   * Transfer-Encoding in an HTTP/1.0 request is 400 (Jetty ignores it and answers 200); a transfer coding other than
   * chunked is 501 (Jetty answers 400, or passes {@code gzip, chunked} on).
   */
  static void checkField(HttpField field, HttpVersion version) {
    if (field.getHeader() != HttpHeader.TRANSFER_ENCODING) {
      return;
    }
    if (version == HttpVersion.HTTP_1_0) {
      // Jetty reads such a body as if it had no framing; the codec refuses it (RFC 9112 §6.1: an HTTP/1.0 recipient
      // cannot know chunked, so the framing is in doubt: a smuggling vector).
      throw new HttpException.RuntimeException(HttpStatus.BAD_REQUEST, "Transfer-Encoding in an HTTP/1.0 message");
    }
    if (!field.getValueList().stream().allMatch(HttpHeaderValue.CHUNKED::is)) {
      throw new HttpException.RuntimeException(HttpStatus.NOT_IMPLEMENTED,
          "unsupported transfer coding (only chunked is understood)");
    }
  }
}
