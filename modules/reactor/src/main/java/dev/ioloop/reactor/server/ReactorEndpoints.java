package dev.ioloop.reactor.server;

import dev.ioloop.reactor.client.AsyncHttpClient;
import static java.util.concurrent.CompletableFuture.completedStage;

import dev.ioloop.api.IOLoop;
import dev.ioloop.api.endpoint.Answers;
import dev.ioloop.api.endpoint.Endpoint;
import dev.ioloop.api.endpoint.Params;
import dev.ioloop.api.server.ServerStats;
import dev.ioloop.http.client.BlockingHttpClient;
import dev.ioloop.http.client.DownstreamException;
import dev.ioloop.http.codec.HttpRequest;
import dev.ioloop.http.codec.HttpResponse;
import dev.ioloop.http.codec.HttpStatus;
import dev.ioloop.http.codec.ReceivedResponse;
import dev.ioloop.http.route.Route;
import dev.ioloop.http.route.StatsJson;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * The lab's endpoints in callback style, on one reactor loop: each answers at once or returns a stage the loop
 * completes later. What they answer comes from {@link Answers}; how they wait is the lesson. Two of them block the
 * loop thread on purpose, as the seed does: {@link #block2} sleeps on it and {@link #block} makes a blocking socket
 * call on it, and every other connection of the loop waits meanwhile.
 */
final class ReactorEndpoints implements RequestHandler {

  private final IOLoop loop;
  private final AsyncHttpClient client;
  private final BlockingHttpClient blockingClient;
  private final URI downstream;
  private final Supplier<ServerStats> stats;

  ReactorEndpoints(IOLoop loop, AsyncHttpClient client, BlockingHttpClient blockingClient, URI downstream,
      Supplier<ServerStats> stats) {
    this.loop = loop;
    this.client = client;
    this.blockingClient = blockingClient;
    this.downstream = downstream;
    this.stats = stats;
  }

  // tag::dispatch[]
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
      case HELLO -> completedStage(hello());
      case BLOCK2 -> completedStage(block2(query));
      case BLOCK -> completedStage(block(query));
      case NOBLOCK -> noblock(query);
      case SLEEP -> sleep(query);
      case FANOUT -> fanout(query);
      case CPU -> completedStage(cpu(query));
      case ECHO -> completedStage(echo(request.body()));
      case STATS -> completedStage(stats());
    };
  }
  // end::dispatch[]

  // tag::hello[]
  HttpResponse hello() {
    return ok(Answers.HELLO);
  }
  // end::hello[]

  // tag::block2[]
  /** Sleeps ON the loop thread, on purpose: the seed's blocking leaf, stalling every connection of this loop. */
  HttpResponse block2(Map<String, String> query) throws InterruptedException {
    Duration delay = Answers.block2Delay(Params.sleepMillis(query));
    Thread.sleep(delay);
    return ok(Answers.block2(query.get("time"), delay, Instant.now()));
  }
  // end::block2[]

  // tag::block[]
  /** The blocking client ON the loop thread, on purpose: the anti-pattern the demo shows. */
  HttpResponse block(Map<String, String> query) throws DownstreamException {
    ReceivedResponse response = blockingClient.get(block2Url(Params.sleepMillis(query)));
    return Route.relay(response.status(), response.body());
  }
  // end::block[]

  // tag::noblock[]
  /** The same call with the asynchronous client: the loop serves others until the answer arrives. */
  CompletionStage<HttpResponse> noblock(Map<String, String> query) {
    return client.get(block2Url(Params.sleepMillis(query)))
        .thenApply(response -> Route.relay(response.status(), response.body()));
  }
  // end::noblock[]

  // tag::sleep[]
  /** A timeout on the loop's heap instead of a sleep. */
  CompletionStage<HttpResponse> sleep(Map<String, String> query) {
    int millis = Params.sleepEndpointMillis(query);
    CompletableFuture<HttpResponse> slept = new CompletableFuture<>();
    loop.callLater(Duration.ofMillis(millis), () -> slept.complete(ok(Answers.slept(millis))));
    return slept;
  }
  // end::sleep[]

  // tag::fanout[]
  /** K asynchronous calls at once; the bodies joined in call order, or the first answer that was not 200. */
  CompletionStage<HttpResponse> fanout(Map<String, String> query) {
    int calls = Params.fanoutCalls(query);
    OptionalInt sleepMillis = Params.sleepMillis(query);
    List<CompletableFuture<ReceivedResponse>> responses = IntStream.range(0, calls)
        .mapToObj(i -> client.get(block2Url(sleepMillis)).toCompletableFuture())
        .toList();
    return CompletableFuture.allOf(responses.toArray(CompletableFuture[]::new)).thenApply(allDone -> {
      List<ReceivedResponse> received = responses.stream().map(CompletableFuture::join).toList();
      return received.stream()
          .filter(response -> response.status() != HttpStatus.OK)
          .findFirst()
          .map(failed -> Route.relay(failed.status(), failed.body()))
          .orElseGet(() -> ok(Answers.fanout(received.stream().map(ReceivedResponse::bodyText).toList())));
    });
  }
  // end::fanout[]

  // tag::immediate[]
  HttpResponse cpu(Map<String, String> query) {
    return ok(Answers.cpu(Params.cpuRounds(query)));
  }

  HttpResponse echo(byte[] body) {
    return HttpResponse.of(HttpStatus.OK, HttpResponse.OCTET_STREAM, body);
  }

  HttpResponse stats() {
    return HttpResponse.json(HttpStatus.OK, StatsJson.encode(stats.get()));
  }
  // end::immediate[]

  private URI block2Url(OptionalInt sleepMillis) {
    return downstream.resolve(Answers.block2Target(Instant.now(), sleepMillis));
  }

  private static HttpResponse ok(String text) {
    return HttpResponse.text(HttpStatus.OK, text);
  }
}
