package dev.ioloop.reactor.server;

import static java.util.concurrent.CompletableFuture.completedStage;

import dev.ioloop.api.IOLoop;
import dev.ioloop.api.endpoint.Answers;
import dev.ioloop.api.endpoint.Endpoint;
import dev.ioloop.api.endpoint.Params;
import dev.ioloop.api.server.ServerStats;
import dev.ioloop.http.client.DownstreamException;
import dev.ioloop.http.codec.HttpRequest;
import dev.ioloop.http.codec.HttpResponse;
import dev.ioloop.http.codec.HttpStatus;
import dev.ioloop.http.route.Route;
import dev.ioloop.http.route.StatsJson;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The lab's endpoints in callback style, on one reactor loop: each answers at once or returns a stage the loop
 * completes later. What they answer comes from {@link Answers}; how they wait is the lesson. Two of them block the
 * loop thread on purpose, as the seed does: {@link #block2} sleeps on it and {@link #block} makes a blocking socket
 * call on it, and every other connection of the loop waits meanwhile.
 */
final class ReactorEndpoints implements RequestHandler {

  private final IOLoop loop;
  private final ReactorDownstream downstream;
  private final Supplier<ServerStats> stats;

  ReactorEndpoints(IOLoop loop, ReactorDownstream downstream, Supplier<ServerStats> stats) {
    this.loop = loop;
    this.downstream = downstream;
    this.stats = stats;
  }

  // tag::dispatch[]
  /**
   * The answer to {@code request}: a 404 or 405 without a call, else its endpoint's stage. A failure fails the stage
   * and the connection answers it as {@link Route#failure} says (400, 502, 504, or 500 for a bug).
   */
  @Override
  public CompletionStage<HttpResponse> handle(HttpRequest request) throws Exception {
    return switch (Route.of(request)) {
      case Route.Refusal refusal -> completedStage(refusal.response());
      case Route.Call call -> call(call.endpoint(), call.request());
    };
  }

  private CompletionStage<HttpResponse> call(Endpoint endpoint, HttpRequest request) throws Exception {
    Map<String, String> query = request.query();
    return switch (endpoint) {
      case HELLO -> completedStage(ok(Answers.HELLO));
      case BLOCK2 -> completedStage(block2(query));
      case BLOCK -> completedStage(block(query));
      case NOBLOCK -> noblock(query);
      case SLEEP -> sleep(query);
      case FANOUT -> fanout(query);
      case CPU -> completedStage(ok(Answers.cpu(Params.cpuRounds(query))));
      case ECHO -> completedStage(HttpResponse.of(HttpStatus.OK, HttpResponse.OCTET_STREAM, request.body()));
      case STATS -> completedStage(HttpResponse.json(HttpStatus.OK, StatsJson.encode(stats.get())));
    };
  }
  // end::dispatch[]

  // tag::block2[]
  /** Sleeps ON the loop thread, on purpose: the seed's blocking leaf, stalling every connection of this loop. */
  private HttpResponse block2(Map<String, String> query) throws InterruptedException {
    Duration delay = Answers.block2Delay(Params.sleepMillis(query));
    Thread.sleep(delay);
    return ok(Answers.block2(query.get("time"), delay, Instant.now()));
  }
  // end::block2[]

  // tag::block[]
  /** The blocking call ON the loop thread, on purpose: the anti-pattern the demo shows. */
  private HttpResponse block(Map<String, String> query) throws DownstreamException {
    return downstream.fetch(block2Target(Params.sleepMillis(query)));
  }
  // end::block[]

  // tag::noblock[]
  /** The same call, asynchronous: the loop serves others until the answer completes the stage. */
  private CompletionStage<HttpResponse> noblock(Map<String, String> query) {
    return downstream.fetchAsync(block2Target(Params.sleepMillis(query)));
  }
  // end::noblock[]

  // tag::sleep[]
  /** A timeout on the loop's heap instead of a sleep. */
  private CompletionStage<HttpResponse> sleep(Map<String, String> query) {
    int millis = Params.sleepEndpointMillis(query);
    CompletableFuture<HttpResponse> slept = new CompletableFuture<>();
    loop.callLater(Duration.ofMillis(millis), () -> slept.complete(ok(Answers.slept(millis))));
    return slept;
  }
  // end::sleep[]

  // tag::fanout[]
  /**
   * K asynchronous calls at once, then one stage for all of them: the bodies joined in call order, or the first
   * answer, in call order, that was not 200.
   */
  private CompletionStage<HttpResponse> fanout(Map<String, String> query) {
    int count = Params.fanoutCalls(query);
    OptionalInt sleepMillis = Params.sleepMillis(query);
    List<CompletableFuture<HttpResponse>> calls = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      calls.add(downstream.fetchAsync(block2Target(sleepMillis)).toCompletableFuture());
    }
    // The bodies one a line, each at most 4 KiB (Route.BLOCK2_ANSWER_LIMITS), or the first answer that is not 200.
    return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
        .thenApply(allDone -> Route.fanout(calls.stream().map(CompletableFuture::join).toList()));
  }
  // end::fanout[]

  private static String block2Target(OptionalInt sleepMillis) {
    return Answers.block2Target(Instant.now(), sleepMillis);
  }

  private static HttpResponse ok(String body) {
    return HttpResponse.text(HttpStatus.OK, body);
  }
}
