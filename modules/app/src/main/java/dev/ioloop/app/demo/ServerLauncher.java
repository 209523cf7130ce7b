package dev.ioloop.app.demo;

import dev.ioloop.api.server.Engine;
import dev.ioloop.app.load.TargetProbe;
import dev.ioloop.app.load.TargetUnavailableException;
import dev.ioloop.app.process.ChildProcesses;
import dev.ioloop.app.process.JavaCommand;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts the backend and the servers as separate JVMs on loopback, each running this app's own {@code backend} or
 * {@code serve} command, each on a free port, each logging to its own file.
 */
public final class ServerLauncher {
  /** A cold JVM on a busy two-core machine: seconds, not minutes. */
  private static final Duration READY_LIMIT = Duration.ofSeconds(60);
  private static final String MAIN_CLASS = "dev.ioloop.app.Main";
  private static final int LOG_TAIL_LINES = 20;

  private final ChildProcesses processes;
  private final Path logDirectory;

  public ServerLauncher(ChildProcesses processes, Path logDirectory) {
    this.processes = processes;
    this.logDirectory = logDirectory;
  }

  /** {@code ./ioloop backend}: /api/block2, the downstream of every server. */
  public ServerProcess startBackend() throws IOException {
    int port = freePort();
    return start("backend", port, List.of("backend", "--port", Integer.toString(port)));
  }

  /** {@code ./ioloop serve ENGINE}, calling the backend; the reactor with {@code reactorLoops} loops. */
  public ServerProcess startServer(String engine, URI backend, int reactorLoops) throws IOException {
    int port = freePort();
    List<String> arguments = new ArrayList<>(List.of(
        "serve", engine, "--port", Integer.toString(port), "--downstream", backend.toString()));
    if (Engine.named(engine) == Engine.REACTOR) {
      arguments.addAll(List.of("--loops", Integer.toString(reactorLoops)));
    }
    return start(engine, port, arguments);
  }

  /**
   * The backend and a server of each engine, calling it (the reactor with {@code reactorLoops} loops), all started
   * at once and then awaited until each answers.
   */
  public Lab startLab(List<String> engines, int reactorLoops) throws IOException, InterruptedException {
    ServerProcess backend = startBackend();
    List<ServerProcess> servers = new ArrayList<>();
    for (String engine : engines) {
      servers.add(startServer(engine, backend.url(), reactorLoops));
    }
    awaitReady(backend);
    for (ServerProcess server : servers) {
      awaitReady(server);
    }
    return new Lab(backend, servers, reactorLoops);
  }

  /** A backend and the servers that call it, all answering. */
  public record Lab(ServerProcess backend, List<ServerProcess> servers, int reactorLoops) {
    /** "backend :2345, reactor :8081 (2 loops), loom :8082": where each answers. */
    public String describe() {
      StringBuilder text = new StringBuilder("backend :" + backend.url().getPort());
      for (ServerProcess server : servers) {
        text.append(", ").append(server.name()).append(" :").append(server.url().getPort());
        if (server.name().equals(Engine.REACTOR.id())) {
          text.append(" (").append(reactorLoops).append(reactorLoops == 1 ? " loop)" : " loops)");
        }
      }
      return text.toString();
    }
  }

  /** Waits until the server answers /api/hello; says what its log says if it died or never answered. */
  public void awaitReady(ServerProcess server) throws IOException, InterruptedException {
    try {
      TargetProbe.awaitAnswering(server.url(), READY_LIMIT, server.process()::isAlive);
    } catch (TargetUnavailableException e) {
      throw new IOException(server.name() + " did not come up: " + e.getMessage() + logTail(server.log()), e);
    }
  }

  private ServerProcess start(String name, int port, List<String> arguments) throws IOException {
    Files.createDirectories(logDirectory);
    Path log = logDirectory.resolve(name + ".log");
    Process process = processes.start(new ProcessBuilder(JavaCommand.sameClasspath(List.of(), MAIN_CLASS, arguments))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile()));
    return new ServerProcess(name, URI.create("http://127.0.0.1:" + port), process, log);
  }

  /**
   * A port nothing listens on now. Another process could take it before the server binds it; on a machine whose
   * ephemeral ports are not exhausted that is rare, and the server then fails to start with a clear message.
   */
  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static String logTail(Path log) throws IOException {
    if (!Files.isRegularFile(log)) {
      return "";
    }
    List<String> lines = Files.readAllLines(log);
    return "\n  the end of " + log + ":\n  "
        + String.join("\n  ", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
  }
}
