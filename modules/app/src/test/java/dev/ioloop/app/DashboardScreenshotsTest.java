package dev.ioloop.app;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a check: takes docs/img's screenshots of a dashboard that runs now, e.g. a demo's, once its header shows the
 * step asked for. Both pages (normal at 1280x900, {@code ?big} at 1280x720) open at once, so that both have the same
 * history by then.
 *
 * <pre>
 * ./ioloop demo --quick &amp;
 * mvn -pl modules/app -am test -Dtest=DashboardScreenshotsTest -Dsurefire.failIfNoSpecifiedTests=false \
 *   -Dioloop.dashboard.url=http://127.0.0.1:8090/ -Dioloop.screenshots.step="Block on reactor" \
 *   -Dioloop.screenshots=$PWD/docs/img
 * </pre>
 */
@EnabledIfSystemProperty(named = "ioloop.dashboard.url", matches = "http://.+")
class DashboardScreenshotsTest {
  @Test
  void screenshotsOfTheRunningDashboard() throws Exception {
    URI url = URI.create(System.getProperty("ioloop.dashboard.url"));
    String step = System.getProperty("ioloop.screenshots.step", "");
    Duration after = Duration.ofSeconds(Long.getLong("ioloop.screenshots.afterSeconds", 3));
    Path directory = Files.createDirectories(Path.of(System.getProperty("ioloop.screenshots", "docs/img")));
    HeadlessChromium installed = HeadlessChromium.installed();
    awaitReachable(url, Duration.ofMinutes(5)); // started before the demo, so that the pages see all of it
    try (LiveChromium normal = LiveChromium.open(installed, url.resolve("/"), 1280, 900);
        LiveChromium big = LiveChromium.open(installed, url.resolve("/?big"), 1280, 720)) {
      assertTrue(normal.waitUntil("document.getElementById('scenario').textContent.indexOf("
          + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(step) + ") === 0",
          Duration.ofMinutes(10)), "the dashboard never showed " + step);
      Thread.sleep(after);
      Files.write(directory.resolve("dashboard.png"), normal.screenshot());
      Files.write(directory.resolve("dashboard-big.png"), big.screenshot());
    }
  }

  private static void awaitReachable(URI url, Duration limit) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    try (var http = java.net.http.HttpClient.newBuilder().proxy(java.net.http.HttpClient.Builder.NO_PROXY).build()) {
      while (true) {
        try {
          http.send(java.net.http.HttpRequest.newBuilder(url).build(),
              java.net.http.HttpResponse.BodyHandlers.discarding());
          return;
        } catch (java.io.IOException notYet) {
          if (System.nanoTime() > deadline) {
            throw notYet;
          }
          Thread.sleep(200);
        }
      }
    }
  }
}
