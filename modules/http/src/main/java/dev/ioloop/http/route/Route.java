package dev.ioloop.http.route;

import dev.ioloop.http.client.DownstreamException;
import dev.ioloop.http.codec.HttpRequest;
import dev.ioloop.http.codec.HttpResponse;
import dev.ioloop.http.codec.HttpStatus;
import dev.ioloop.api.endpoint.BadParameterException;
import dev.ioloop.api.endpoint.Endpoint;
import java.lang.System.Logger.Level;
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

  /** A downstream block2 answer relayed: its body with 200, or 502 if the downstream did not answer 200. */
  static HttpResponse relay(int downstreamStatus, byte[] downstreamBody) {
    return downstreamStatus == HttpStatus.OK
        ? HttpResponse.of(HttpStatus.OK, HttpResponse.TEXT_PLAIN, downstreamBody)
        : HttpResponse.error(HttpStatus.BAD_GATEWAY, "downstream answered " + downstreamStatus);
  }
}
