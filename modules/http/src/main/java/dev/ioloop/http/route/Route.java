package dev.ioloop.http.route;

import dev.ioloop.http.client.DownstreamException;
import dev.ioloop.http.codec.HttpLimits;
import dev.ioloop.http.codec.HttpRequest;
import dev.ioloop.http.codec.HttpResponse;
import dev.ioloop.http.codec.HttpStatus;
import dev.ioloop.api.endpoint.BadParameterException;
import dev.ioloop.api.endpoint.Endpoint;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Where a request goes, decided the same way by both hand-written servers: an endpoint to call, or an answer known
 * before any endpoint runs (404, 405). Also the one mapping from an endpoint's failure to its answer.
 */
public sealed interface Route {
  /** A request for {@code endpoint}, with a method it takes. */
  record Call(Endpoint endpoint, HttpRequest request) implements Route {}

  /** An answer without a call: unknown path, wrong method. */
  record Refusal(HttpResponse response) implements Route {}

  /**
   * What a server reads of one block2 answer: its usual head limit (8 KiB), and a body of at most 4 KiB, where block2
   * answers about 50 bytes ({@code b:T,s:S => e:E}). A larger answer, however framed, is malformed (502) as soon as the
   * limit is passed, so a /api/fanout of 100 calls holds at most 400 KiB of answers, where a downstream answering
   * 1 MiB each made it build and send 100 MiB (docs/reliability.md, second round). 4 KiB: one page, 80 times a real
   * answer.
   */
  HttpLimits BLOCK2_ANSWER_LIMITS = new HttpLimits(8 * 1024, 4 * 1024);

  static Route of(HttpRequest request) {
    return Endpoint.forPath(request.path())
        .<Route>map(endpoint -> endpoint.allows(request.method())
            ? new Call(endpoint, request)
            : new Refusal(HttpResponse.methodNotAllowed(endpoint.method())))
        .orElseGet(() -> new Refusal(HttpResponse.error(HttpStatus.NOT_FOUND, "no such path: " + request.path())));
  }

  /**
   * The answer for an endpoint that failed: 400 for a bad parameter, 502/504 for a downstream failure, 500 (and a
   * log line, since it is a bug) for anything else. Unwraps the wrappers futures put around a cause.
   */
  static HttpResponse failure(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return switch (cause) {
      case BadParameterException bad -> HttpResponse.error(HttpStatus.BAD_REQUEST, bad.getMessage());
      case DownstreamException downstream -> HttpResponse.error(downstream.gatewayStatus(), downstream.getMessage());
      default -> {
        System.getLogger(Route.class.getName()).log(Level.ERROR, "endpoint failed", cause);
        yield HttpResponse.error(HttpStatus.INTERNAL_SERVER_ERROR, "internal error: " + cause.getClass().getSimpleName());
      }
    };
  }

  /**
   * /api/fanout's answer: the first of {@code answers}, in call order, that is not 200, or their bodies one a line
   * (what {@link dev.ioloop.api.endpoint.Answers#fanout} makes of them as text), joined as bytes in one copy.
   */
  static HttpResponse fanout(List<HttpResponse> answers) {
    int size = Math.max(0, answers.size() - 1);
    for (HttpResponse answer : answers) {
      if (answer.status() != HttpStatus.OK) {
        return answer;
      }
      size += answer.body().length;
    }
    byte[] joined = new byte[size];
    int at = 0;
    for (int i = 0; i < answers.size(); i++) {
      if (i > 0) {
        joined[at++] = '\n';
      }
      byte[] body = answers.get(i).body();
      System.arraycopy(body, 0, joined, at, body.length);
      at += body.length;
    }
    return HttpResponse.of(HttpStatus.OK, HttpResponse.TEXT_PLAIN, joined);
  }

  /** A downstream block2 answer relayed: its body with 200, or 502 if the downstream did not answer 200. */
  static HttpResponse relay(int downstreamStatus, byte[] downstreamBody) {
    return downstreamStatus == HttpStatus.OK
        ? HttpResponse.of(HttpStatus.OK, HttpResponse.TEXT_PLAIN, downstreamBody)
        : HttpResponse.error(HttpStatus.BAD_GATEWAY, "downstream answered " + downstreamStatus);
  }
}
