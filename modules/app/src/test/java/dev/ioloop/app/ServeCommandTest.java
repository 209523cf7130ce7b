package dev.ioloop.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ioloop.api.server.Engine;
import dev.ioloop.api.server.LabServer;
import dev.ioloop.api.server.ServerConfig;
import dev.ioloop.jetty.ThreadModel.PlatformThreads;
import dev.ioloop.reactor.server.ReactorServer;
import dev.ioloop.tooling.cli.ExitCode;
import dev.ioloop.tooling.cli.LabCommandLine;
import dev.ioloop.tooling.cli.MissingEnvironmentException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

@Timeout(30)
class ServeCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine commandLine = Main.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  private void assertOneLineError(String expectedPart) {
    String message = err.toString();
    assertEquals(1, message.lines().count(), message);
    assertTrue(message.startsWith("ioloop serve: ") && message.contains(expectedPart), message);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "nonsense                         | unknown engine 'nonsense'; choose from reactor, loom, jetty, platform",
      "reactor --loops 0                | loops must be at least 1, not 0",
      "reactor --max-connections 0      | max connections must be at least 1, not 0",
      "loom --max-downstream-connections 0 | max downstream connections must be at least 1, not 0",
      "reactor --port 70000             | port must be 0..65535, not 70000",
      "reactor --downstream https://x   | downstream must be an http://host:port URL",
      "reactor --downstream-timeout 10x | '10x' is not a duration such as 500ms, 10s, 2m or 1h",
      "reactor --downstream-timeout 0   | the downstream timeout must be positive, not 0",
      "reactor --no-such-option         | Unknown option: '--no-such-option'",
      "reactor --bind example.org       | --bind takes an IP address",
      "platform --threads 0             | threads must be at least 1, not 0",
      "platform --queue -1              | queue must be at least 0, not -1",
      "loom --threads 10                | --threads applies to the platform engine only, not loom",
      "jetty --queue 5                  | --queue applies to the platform engine only, not jetty"})
  void aBadOptionIsOneLineAndExitCode2(String args, String message) {
    assertEquals(2, run(("serve " + args).split(" ")), err::toString);
    assertOneLineError(message);
  }

  @Test
  void aPortInUseIsOneLineAndExitCode2() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertEquals(2, run("serve", "reactor", "--port", String.valueOf(taken.getLocalPort())), err::toString);
      assertOneLineError("cannot listen on 127.0.0.1:" + taken.getLocalPort());
    }
  }

  @Test
  void aDefaultPortInUseIsAFreePortMissingExitCode3() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      ServeCommand serve = new ServeCommand();
      CommandLine commandLine = new CommandLine(serve);
      commandLine.parseArgs("reactor", "--port", String.valueOf(taken.getLocalPort()));
      // as if the port were the engine's default, which something else holds
      MissingEnvironmentException missing = assertThrows(MissingEnvironmentException.class, () ->
          ForegroundServer.start(commandLine, config -> ReactorServer.start(config), serve.config(), false,
              new PrintWriter(out, true)));
      assertEquals(ExitCode.MISSING_ENVIRONMENT, LabCommandLine.exitCode(missing));
      assertTrue(LabCommandLine.line(missing, false).startsWith("ioloop: cannot listen on 127.0.0.1:"
          + taken.getLocalPort()), missing::getMessage);
      assertTrue(missing.hint().contains("--port"), missing::hint);
    }
  }

  @ParameterizedTest
  @CsvSource({"reactor, 8081", "loom, 8082", "jetty, 8083", "platform, 8084"})
  void eachEngineHasItsOwnDefaultPort(String engine, int port) {
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve).parseArgs(engine);
    assertEquals(port, serve.config().port());
  }

  @Test
  void bindIsLoopbackUnlessAskedAndTheDownstreamMayBeAnotherHost() {
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve).parseArgs("loom");
    assertEquals("127.0.0.1", serve.config().host());
    new CommandLine(serve).parseArgs("loom", "--bind", "198.18.0.1", "--downstream", "http://198.18.0.2:2345");
    assertEquals("198.18.0.1", serve.config().host());
    assertEquals("198.18.0.2", serve.config().downstream().getHost());
    new CommandLine(serve).parseArgs("loom", "--bind", "0.0.0.0");
    assertEquals("0.0.0.0", serve.config().host());
  }

  @Test
  void maxConnectionsDefaultsToTheConfigsAndCanBeRaised() {
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve).parseArgs("loom");
    assertEquals(ServerConfig.defaults().maxConnections(), serve.config().maxConnections());
    new CommandLine(serve).parseArgs("loom", "--max-connections", "12000");
    assertEquals(12_000, serve.config().maxConnections());
  }

  @Test
  void maxDownstreamConnectionsDefaultsToTheConfigsAndCanBeSet() {
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve).parseArgs("reactor");
    assertEquals(ServerConfig.DEFAULT_MAX_DOWNSTREAM_CONNECTIONS, serve.config().maxDownstreamConnections());
    new CommandLine(serve).parseArgs("reactor", "--max-downstream-connections", "64");
    assertEquals(64, serve.config().maxDownstreamConnections());
  }

  @Test
  void threadsAndQueueDefaultToTomcatsMaxThreadsAndALongQueue() {
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve).parseArgs("platform");
    assertEquals(new PlatformThreads(200, 10_000), serve.platformThreads());
    new CommandLine(serve).parseArgs("platform", "--threads", "50", "--queue", "7");
    assertEquals(new PlatformThreads(50, 7), serve.platformThreads());
  }

  @Test
  void servesPlatformWithTheThreadsAsked() throws Exception {
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve).parseArgs("platform", "--port", "0", "--threads", "12", "--queue", "34");
    try (LabServer server = serve.start(serve.config(), new PrintWriter(out, true))) {
      assertEquals(12, server.stats().pool().maxThreads());
      assertEquals(Engine.PLATFORM, server.engine());
    }
  }

  @ParameterizedTest
  @CsvSource({"loom", "jetty", "platform"})
  void servesLoomJettyAndPlatform(String engine) throws Exception {
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve).parseArgs(engine, "--port", "0");
    try (LabServer server = serve.start(serve.config(), new PrintWriter(out, true));
         HttpClient client = HttpClient.newHttpClient()) {
      assertTrue(out.toString().startsWith(engine + " listening on http://127.0.0.1:" + server.address().getPort()),
          out.toString());
      assertEquals("Hello, World!", client.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + server.address().getPort() + "/api/hello"))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body());
      assertEquals(engine, server.engine().id());
    }
  }

  @Test
  void servesAndSaysWhere() throws Exception {
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve).parseArgs("reactor", "--port", "0", "--loops", "1", "--downstream-timeout", "500ms");
    try (LabServer server = serve.start(serve.config(), new PrintWriter(out, true));
         HttpClient client = HttpClient.newHttpClient()) {
      Matcher url = Pattern.compile("reactor listening on (http://127\\.0\\.0\\.1:\\d+) \\(downstream "
          + "http://127\\.0\\.0\\.1:2345\\)\n").matcher(out.toString());
      assertTrue(url.matches(), out.toString());
      HttpResponse<String> hello = client.send(HttpRequest.newBuilder(URI.create(url.group(1) + "/api/hello"))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals("Hello, World!", hello.body());
      assertEquals(1, server.stats().loop().loops());
    }
  }
}
