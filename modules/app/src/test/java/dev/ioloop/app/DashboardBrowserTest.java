package dev.ioloop.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ioloop.app.live.LiveLab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The live dashboard in a real browser (headless Chromium, driven over DevTools), fed by a reactor and a loom server
 * under light load: the page receives events, every chart gains points, and the console stays empty, in the normal
 * and the projector mode ({@code ?big}). With {@code -Dioloop.screenshots=DIR} it also saves what it saw there.
 */
@Timeout(value = 12, unit = TimeUnit.MINUTES) // a first apt-get install of Chromium included
class DashboardBrowserTest {
  private static final String STATE = "JSON.stringify(document.getElementById('live-check').dataset)";

  @Test
  void everyChartGainsPointsFromTheEventsAndTheConsoleStaysEmpty() throws Exception {
    HeadlessChromium installed = HeadlessChromium.installed();
    try (LiveLab lab = LiveLab.start()) {
      for (String mode : List.of("", "?big")) {
        try (LiveChromium page = LiveChromium.open(installed, lab.dashboard().url().resolve("/" + mode), 1280, 720)) {
          assertTrue(page.waitUntil("+document.getElementById('live-check').dataset.events >= 2",
              Duration.ofSeconds(30)), () -> "no events reached the page" + mode + ": " + page.consoleLines());
          assertTrue(page.waitUntil("(function (d) { return +d.events >= 6 && d.grown === d.charts; })"
              + "(document.getElementById('live-check').dataset)", Duration.ofSeconds(30)),
              () -> state(page) + " " + page.consoleLines());
          JsonNode state = new com.fasterxml.jackson.databind.ObjectMapper().readTree(state(page));
          assertEquals("10", state.get("charts").asText(), state.toString());
          assertEquals("0", state.get("errors").asText(), state.toString());
          assertEquals(10, page.evaluate("document.querySelectorAll('.chart canvas').length").asInt());
          assertEquals(2, page.evaluate("document.querySelectorAll('#servers span').length").asInt());
          assertEquals(mode.isEmpty() ? "" : "big", page.evaluate("document.body.className").asText());
          assertEquals(List.of(), page.consoleLines());
          String directory = System.getProperty("ioloop.screenshots");
          if (directory != null) {
            Files.write(Files.createDirectories(Path.of(directory))
                .resolve(mode.isEmpty() ? "dashboard-test.png" : "dashboard-test-big.png"), page.screenshot());
          }
        }
      }
    }
  }

  private static String state(LiveChromium page) {
    try {
      return page.evaluate(STATE).asText();
    } catch (Exception e) {
      return "(unreadable: " + e + ")";
    }
  }
}
