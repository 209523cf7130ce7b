package dev.ioloop.app.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ioloop.api.server.Engine;
import dev.ioloop.tooling.chart.Palette;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/** {@code GET /events} read with a plain HTTP client, the dashboard fed by a reactor and a loom server in-process. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class DashboardEventsTest {
  private static final List<String> FIGURES = List.of("requestsPerSecond", "inFlight", "p50Millis", "p99Millis",
      "platformThreads", "virtualThreads", "loopLagMillis", "heapMiB", "cpuPercent", "openConnections");

  private LiveLab lab;

  @BeforeAll
  void start() throws Exception {
    lab = LiveLab.start();
  }

  @AfterAll
  void stop() {
    lab.close();
  }

  @Test
  void eachEventIsOneJsonObjectWithEveryServersFiguresTwiceASecond() throws Exception {
    lab.dashboard().stage().stepStarted("Hello", "reactor", 1, 2, Duration.ofSeconds(30));
    HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();
    HttpResponse<java.io.InputStream> response = http.send(
        HttpRequest.newBuilder(lab.dashboard().url().resolve("events")).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, response.statusCode());
    assertEquals("text/event-stream; charset=utf-8", response.headers().firstValue("content-type").orElseThrow());
    List<JsonNode> events = new ArrayList<>();
    long start = System.nanoTime();
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      for (String line; events.size() < 6 && (line = lines.readLine()) != null; ) {
        if (line.startsWith("data: ")) {
          events.add(new ObjectMapper().readTree(line.substring("data: ".length())));
        }
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    assertTrue(seconds < 5, "6 events, one per 500 ms tick, took " + seconds + " s");
    JsonNode last = events.getLast();
    assertEquals(2, last.get("servers").size(), last.toString());
    for (int i = 0; i < 2; i++) {
      JsonNode server = last.get("servers").get(i);
      Engine engine = List.of(Engine.REACTOR, Engine.LOOM).get(i);
      assertEquals(engine.id(), server.get("name").asText());
      assertEquals(Palette.of(engine), server.get("colour").asText());
      assertTrue(server.get("up").asBoolean(), server.toString());
      for (String figure : FIGURES) {
        assertTrue(server.get(figure).isNumber() && server.get(figure).asDouble() >= 0, figure + ": " + server);
      }
      assertTrue(server.get("requestsPerSecond").asDouble() > 0, "the load runs: " + server);
      assertTrue(server.get("p99Millis").asDouble() >= server.get("p50Millis").asDouble(), server.toString());
      assertTrue(server.get("p99Millis").asDouble() > 0, "requests finished in the last second: " + server);
      assertTrue(server.get("platformThreads").asInt() > 0, server.toString());
      assertTrue(server.get("heapMiB").asDouble() > 0, server.toString());
      assertTrue(server.get("openConnections").asInt() >= 1, server.toString());
    }
    assertTrue(events.stream().anyMatch(e -> e.get("servers").get(0).get("cpuPercent").asDouble() > 0),
        "the reactor uses some CPU: " + events);
    JsonNode scenario = last.get("scenario");
    assertEquals("Hello", scenario.get("name").asText());
    assertEquals("reactor", scenario.get("server").asText());
    assertEquals(1, scenario.get("step").asInt());
    assertEquals(2, scenario.get("steps").asInt());
    long left = scenario.get("leftMillis").asLong();
    assertTrue(left > 20_000 && left < 30_000, scenario.toString());
    JsonNode mark = last.get("marks").get(0);
    assertEquals("Hello reactor", mark.get("label").asText());
    assertTrue(mark.get("start").asBoolean());
    lab.dashboard().stage().stepEnded();
    assertFalse(lab.dashboard().stage().marks().getLast().start());
    assertEquals(null, lab.dashboard().stage().scenario());
  }

  @Test
  void thePageAndUplotComeFromTheJar() throws Exception {
    HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();
    URI base = lab.dashboard().url();
    for (String path : List.of("", "dashboard.js", "dashboard.css", "uplot/uPlot.iife.min.js", "uplot/uPlot.min.css")) {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve(path)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, response.statusCode(), path);
      assertFalse(response.body().contains("https://cdn") || response.body().contains("//unpkg"), path);
    }
    assertEquals(404, http.send(HttpRequest.newBuilder(base.resolve("nothing")).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode());
  }
}
