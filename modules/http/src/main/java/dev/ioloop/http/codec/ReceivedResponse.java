package dev.ioloop.http.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One response, as {@link HttpResponseParser} read it.
 *
 * @param status    the status code, 200 to 599 (interim 1xx responses are skipped)
 * @param version   HTTP/1.0 or HTTP/1.1
 * @param headers   the header fields in order
 * @param body      exactly the body, decoded from chunks if it came chunked; not to be modified
 * @param keepAlive whether the server leaves the connection open for another request
 */
public record ReceivedResponse(int status, HttpVersion version, HttpHeaders headers, byte[] body, boolean keepAlive) {

  /** The body as UTF-8 text, what block2 answers. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  // A record compares arrays by identity; a response is its bytes, so equality compares the body's content.
  @Override
  public boolean equals(Object other) {
    return other instanceof ReceivedResponse that
        && status == that.status
        && version == that.version
        && headers.equals(that.headers)
        && Arrays.equals(body, that.body)
        && keepAlive == that.keepAlive;
  }

  @Override
  public int hashCode() {
    return Objects.hash(status, version, headers, Arrays.hashCode(body), keepAlive);
  }

  @Override
  public String toString() {
    return "ReceivedResponse[" + status + " " + version.text() + ", headers=" + headers + ", body=" + body.length
        + " bytes, keepAlive=" + keepAlive + "]";
  }
}
