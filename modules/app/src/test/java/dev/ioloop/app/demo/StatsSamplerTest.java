package dev.ioloop.app.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ioloop.app.TinyLabServer;
import dev.ioloop.app.report.StatsSample;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class StatsSamplerTest {
  @Test
  void samplesTheServersStatsOnAGridUntilStopped() throws Exception {
    try (TinyLabServer server = TinyLabServer.start()) {
      StatsSampler sampler = StatsSampler.start(server.url(), Duration.ofMillis(50));
      // counted, not timed: a loaded machine may take half a second over the client's first request
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (server.statsRequests() < 4 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      List<StatsSample> samples = sampler.stop();
      assertTrue(samples.size() >= 3, () -> "samples: " + samples);
      for (int i = 1; i < samples.size(); i++) {
        assertTrue(samples.get(i).atMillis() > samples.get(i - 1).atMillis(), samples::toString);
        assertTrue(samples.get(i).stats().requests() > samples.get(i - 1).stats().requests(), samples::toString);
      }
      assertEquals("tiny", samples.getFirst().stats().engine());
    }
  }

  @Test
  void aServerThatDoesNotAnswerGivesNoSamplesAndStopsAtOnce() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    StatsSampler sampler = StatsSampler.start(URI.create("http://127.0.0.1:" + closedPort), Duration.ofMillis(50));
    Thread.sleep(200);
    assertEquals(List.of(), sampler.stop());
  }
}
