package dev.ioloop.bench.reference;

import dev.ioloop.api.endpoint.Answers;
import dev.ioloop.api.endpoint.BadParameterException;
import dev.ioloop.api.endpoint.Endpoint;
import dev.ioloop.api.endpoint.Params;
import dev.ioloop.http.codec.HttpResponse;
import dev.ioloop.http.codec.HttpStatus;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What the reference servers answer, from the same {@link Answers} and {@link Params} as the lab's servers, so that
 * every server puts the same bytes on the wire: {@code /api/hello} at once, {@code /api/sleep?ms=N} after N ms.
 * Each reference server only decides how it waits; anything else is a 404, a bad {@code ms} a 400, as ours.
 *
 * @param status      the status code
 * @param body        the plain-text body, UTF-8
 * @param delayMillis how long to wait before answering (0: at once)
 */
public record ReferenceAnswer(int status, byte[] body, int delayMillis) {
  /** The one content type of every answer here: the lab's plain text. */
  public static final String CONTENT_TYPE = HttpResponse.TEXT_PLAIN;

  /** The answer to a GET of {@code path} with the decoded {@code query} (first value of each name). */
  public static ReferenceAnswer of(String path, Map<String, String> query) {
    if (Endpoint.HELLO.path().equals(path)) {
      return ok(Answers.HELLO, 0);
    }
    if (Endpoint.SLEEP.path().equals(path)) {
      try {
        int millis = Params.sleepEndpointMillis(query);
        return ok(Answers.slept(millis), millis);
      } catch (BadParameterException e) {
        return error(HttpStatus.BAD_REQUEST, e.getMessage());
      }
    }
    return error(HttpStatus.NOT_FOUND, "no such path: " + path);
  }

  private static ReferenceAnswer ok(String text, int delayMillis) {
    return new ReferenceAnswer(HttpStatus.OK, text.getBytes(StandardCharsets.UTF_8), delayMillis);
  }

  /** The contract's error body: the reason on one line. */
  private static ReferenceAnswer error(int status, String reason) {
    return new ReferenceAnswer(status, HttpResponse.error(status, reason).body(), 0);
  }
}
