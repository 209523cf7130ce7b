package dev.ioloop.loom.endpoints;

import dev.ioloop.api.endpoint.Answers;
import dev.ioloop.api.endpoint.Endpoint;
import dev.ioloop.api.endpoint.Params;
import dev.ioloop.api.server.ServerStats;
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
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Every endpoint in plain blocking style, as the loom model writes them: each waits by blocking its virtual thread
 * (sleeping, or calling downstream) and returns its answer. The loom and jetty engines both run these; they differ
 * only in the transport around them and in their {@link Downstream}. {@code /api/sleep} sleeps on a
 * {@link SleepTimer}, the twin of the reactor's timeout heap, which {@link #close()} ends; {@code /api/block2} is the
 * seed's {@code time.sleep}, the same {@code Thread.sleep} the reactor's loop thread makes.
 */
public final class LoomEndpoints implements AutoCloseable {

  private final Downstream downstream;
  private final Supplier<ServerStats> stats;
  private final SleepTimer timer = new SleepTimer();

  public LoomEndpoints(Downstream downstream, Supplier<ServerStats> stats) {
    this.downstream = downstream;
    this.stats = stats;
  }

  /** Ends the sleep timer: a sleep still under way ends on time all the same ({@link SleepTimer#close()}). */
  @Override
  public void close() {
    timer.close();
  }

  // tag::dispatch[]
  /**
   * The answer to {@code request}: a 404 or 405 without a call, else its endpoint's answer, or the failure's
   * ({@link Route#failure}: 400, 502, 504, or 500 for a bug). Interrupted means the server is stopping: no answer.
   */
  public HttpResponse answer(HttpRequest request) throws InterruptedException {
    return switch (Route.of(request)) {
      case Route.Refusal refusal -> refusal.response();
      case Route.Call call -> call(call.endpoint(), call.request());
    };
  }

  private HttpResponse call(Endpoint endpoint, HttpRequest request) throws InterruptedException {
    Map<String, String> query = request.query();
    try {
      return switch (endpoint) {
        case HELLO -> ok(Answers.HELLO);
        case BLOCK2 -> block2(query);
        case BLOCK -> block(query);
        case NOBLOCK -> noblock(query);
        case SLEEP -> sleep(query);
        case FANOUT -> fanout(query);
        case CPU -> ok(Answers.cpu(Params.cpuRounds(query)));
        case ECHO -> HttpResponse.of(HttpStatus.OK, HttpResponse.OCTET_STREAM, request.body());
        case STATS -> HttpResponse.json(HttpStatus.OK, StatsJson.encode(stats.get()));
      };
    } catch (InterruptedException stopping) {
      throw stopping;
    } catch (Exception failure) {
      return Route.failure(failure);
    }
  }
  // end::dispatch[]

  // tag::block2[]
  /** Sleeps, blocking only this virtual thread (the seed's time.sleep). */
  private HttpResponse block2(Map<String, String> query) throws InterruptedException {
    Duration delay = Answers.block2Delay(Params.sleepMillis(query));
    Thread.sleep(delay);
    return ok(Answers.block2(query.get("time"), delay, Instant.now()));
  }
  // end::block2[]

  // tag::block[]
  /** The blocking call on this request's own virtual thread: only this thread waits for block2. */
  private HttpResponse block(Map<String, String> query) throws Exception {
    return downstream.fetch(block2Target(Params.sleepMillis(query)));
  }
  // end::block[]

  // tag::noblock[]
  /** The same call, asynchronous: a task of its own, whose future this thread waits for. */
  private HttpResponse noblock(Map<String, String> query) throws Exception {
    Future<HttpResponse> call = downstream.fetchAsync(block2Target(Params.sleepMillis(query)));
    try {
      return call.get();
    } finally {
      call.cancel(true); // a no-op once done; if this thread was interrupted, the call ends with it
    }
  }
  // end::noblock[]

  // tag::sleep[]
  private HttpResponse sleep(Map<String, String> query) throws InterruptedException {
    int millis = Params.sleepEndpointMillis(query);
    timer.sleep(Duration.ofMillis(millis));
    return ok(Answers.slept(millis));
  }
  // end::sleep[]

  // tag::fanout[]
  /**
   * Structured by hand: fork every call, join them all in call order, and let none outlive the request. The first
   * failure, in call order, is the answer. (StructuredTaskScope would say this, but is a preview API in JDK 25.)
   */
  private HttpResponse fanout(Map<String, String> query) throws Exception {
    int count = Params.fanoutCalls(query);
    OptionalInt sleepMillis = Params.sleepMillis(query);
    List<Future<HttpResponse>> calls = new ArrayList<>(count);
    try {
      for (int i = 0; i < count; i++) {
        calls.add(downstream.fetchAsync(block2Target(sleepMillis)));
      }
      List<HttpResponse> answers = new ArrayList<>(count);
      for (Future<HttpResponse> call : calls) {
        HttpResponse answer = call.get();
        if (answer.status() != HttpStatus.OK) {
          return answer;
        }
        answers.add(answer);
      }
      return Route.fanout(answers); // the bodies one a line, each at most 4 KiB (Route.BLOCK2_ANSWER_LIMITS)
    } finally {
      calls.forEach(call -> call.cancel(true));
    }
  }
  // end::fanout[]

  private static String block2Target(OptionalInt sleepMillis) {
    return Answers.block2Target(Instant.now(), sleepMillis);
  }

  private static HttpResponse ok(String body) {
    return HttpResponse.text(HttpStatus.OK, body);
  }
}
