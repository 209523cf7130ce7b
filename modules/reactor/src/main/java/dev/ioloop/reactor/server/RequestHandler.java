package dev.ioloop.reactor.server;

import dev.ioloop.http.codec.HttpRequest;
import dev.ioloop.http.codec.HttpResponse;
import java.util.concurrent.CompletionStage;

/** What a reactor connection asks for each request it reads: the answer, as a stage, in callback style. */
@FunctionalInterface
interface RequestHandler {
  /**
   * Called on the connection's loop thread; must not block it (except where blocking it is the lesson). The stage
   * may complete on any thread: the connection moves the answer back to its loop. A throw or a failed stage is
   * answered by {@link dev.ioloop.http.route.Route#failure}: 400, 502, 504 or 500.
   */
  CompletionStage<HttpResponse> handle(HttpRequest request) throws Exception;
}
