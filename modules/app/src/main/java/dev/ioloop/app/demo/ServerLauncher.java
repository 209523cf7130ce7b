package dev.ioloop.app.demo;

import dev.ioloop.api.server.Engine;
import dev.ioloop.app.load.TargetProbe;
import dev.ioloop.app.load.TargetUnavailableException;
import dev.ioloop.tooling.process.ChildProcesses;
import dev.ioloop.tooling.process.JavaCommand;
import dev.ioloop.tooling.process.ServerProcess;
import java.io.IOException;
import java.net.URI;
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
    int port = ServerProcess.freePort();
    return start("backend", port, List.of("backend", "--port", Integer.toString(port)));
  }

  /** {@code ./ioloop serve ENGINE}, calling the backend; the reactor with {@code reactorLoops} loops. */
  public ServerProcess startServer(String engine, URI backend, int reactorLoops) throws IOException {
    int port = ServerProcess.freePort();
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
      StringBuilder text = new StringBuilder("backend :" + backend.port());
      for (ServerProcess server : servers) {
        text.append(", ").append(server.name()).append(" :").append(server.port());
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
      TargetProbe.awaitAnswering(server.url(), READY_LIMIT, server::isAlive);
    } catch (TargetUnavailableException e) {
      throw new IOException(server.name() + " did not come up: " + e.getMessage() + server.logTail(LOG_TAIL_LINES),
          e);
    }
  }

  private ServerProcess start(String name, int port, List<String> arguments) throws IOException {
    return ServerProcess.start(processes, name, port, JavaCommand.sameClasspath(List.of(), MAIN_CLASS, arguments),
        logDirectory.resolve(name + ".log"));
  }
}
