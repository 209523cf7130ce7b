package dev.ioloop.http.route;

import dev.ioloop.http.client.DownstreamTimeoutException;
import dev.ioloop.http.codec.HttpHeaders;
import dev.ioloop.http.codec.HttpRequest;
import dev.ioloop.http.codec.HttpResponse;
import dev.ioloop.http.codec.HttpVersion;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.ioloop.api.endpoint.BadParameterException;
import dev.ioloop.api.endpoint.Endpoint;
import dev.ioloop.api.server.Engine;
import dev.ioloop.api.server.ServerCounters;
import dev.ioloop.api.server.ServerStats;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class RouteTest {
  private static HttpRequest request(String method, String path) {
    return new HttpRequest(method, path, path, Map.of(), HttpVersion.HTTP_1_1, HttpHeaders.EMPTY, new byte[0], true);
  }

  private static String body(HttpResponse response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  @Test
  void routesKnownPathsWithTheirMethod() {
    Route.Call call = assertInstanceOf(Route.Call.class, Route.of(request("GET", "/api/hello")));
    assertEquals(Endpoint.HELLO, call.endpoint());
  }

  @Test
  void refusesUnknownPathsAndWrongMethods() {
    HttpResponse notFound = assertInstanceOf(Route.Refusal.class, Route.of(request("GET", "/nope"))).response();
    assertEquals(404, notFound.status());
    assertEquals("no such path: /nope\n", body(notFound));

    HttpResponse wrongMethod = assertInstanceOf(Route.Refusal.class, Route.of(request("GET", "/api/echo"))).response();
    assertEquals(405, wrongMethod.status());
    assertEquals("POST", wrongMethod.headers().first("Allow").orElseThrow());
  }

  @Test
  void mapsFailuresToTheContractsAnswers() {
    assertEquals(400, Route.failure(new BadParameterException("n must be from 1 to 100, not 0")).status());
    var timeout = new DownstreamTimeoutException("downstream gave no answer within 10 s", null);
    assertEquals(504, Route.failure(new CompletionException(timeout)).status());
    assertEquals("downstream gave no answer within 10 s\n", body(Route.failure(timeout)));
    assertEquals(500, Route.failure(new IllegalStateException("bug")).status());
  }

  @Test
  void relaysOnlyASuccessfulDownstreamAnswer() {
    assertEquals("b:1,s:0.010 => e:2.000000", body(Route.relay(200, "b:1,s:0.010 => e:2.000000".getBytes())));
    assertEquals(502, Route.relay(500, new byte[0]).status());
  }

  @Test
  void statsRoundTripThroughJsonWithTheContractsNames() throws Exception {
    ServerStats stats = new ServerCounters().snapshot(Engine.REACTOR, 0, new ServerStats.Loop(2, 0.5, 3),
        new ServerStats.Pool(4, 200, 7));
    String json = StatsJson.encode(stats);
    for (String field : new String[] {"\"model\":\"reactor\"", "\"inFlight\"", "\"openConnections\"",
        "\"threads\":{\"platform\"", "\"virtualAlive\"", "\"loop\":{\"loops\":2", "\"slowCallbacks\":3",
        "\"pool\":{\"busyThreads\":4,\"maxThreads\":200,\"queued\":7}", "\"heapUsedBytes\"", "\"heapAfterGcBytes\"",
        "\"latency\":{\"count\":0,\"p50Micros\":0,\"p99Micros\":0,\"maxMicros\":0}", "\"cpuNanos\""}) {
      assertEquals(true, json.contains(field), json + " lacks " + field);
    }
    assertEquals(stats, StatsJson.decode(json));
  }
}
