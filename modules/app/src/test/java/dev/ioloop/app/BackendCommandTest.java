package dev.ioloop.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ioloop.api.server.LabServer;
import dev.ioloop.api.server.ServerConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

@Timeout(30)
class BackendCommandTest {
  @Test
  void listensWhereTheServersCallByDefault() {
    BackendCommand backend = new BackendCommand();
    new CommandLine(backend).parseArgs();
    assertEquals(ServerConfig.DEFAULT_DOWNSTREAM.getPort(), backend.config().port());
  }

  @Test
  void servesBlock2WithTheLoomEngine() throws Exception {
    BackendCommand backend = new BackendCommand();
    new CommandLine(backend).parseArgs("--port", "0");
    StringWriter out = new StringWriter();
    try (LabServer server = backend.start(backend.config(), new PrintWriter(out, true));
         HttpClient client = HttpClient.newHttpClient()) {
      assertEquals("loom", server.engine().id());
      assertTrue(out.toString().startsWith("loom listening on http://127.0.0.1:" + server.address().getPort()),
          out.toString());
      HttpResponse<String> block2 = client.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + server.address().getPort() + "/api/block2?time=t&sleep_ms=5"))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, block2.statusCode());
      assertTrue(block2.body().startsWith("b:t,s:0.005 => e:"), block2.body());
    }
  }
}
