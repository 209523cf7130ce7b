package dev.ioloop.app.demo;

import dev.ioloop.api.server.Engine;
import dev.ioloop.app.load.TargetProbe;
import dev.ioloop.app.load.TargetUnavailableException;
import dev.ioloop.tooling.cpu.CpuPartition;
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
 * {@code serve} command, each on a free port, each logging to its own file. With a partition, the servers run on
 * its server CPUs and the backend, which the load needs, on its load CPUs.
 */
public final class ServerLauncher {
  /** A cold JVM on a busy two-core machine: seconds, not minutes. */
  private static final Duration READY_LIMIT = Duration.ofSeconds(60);
  private static final String MAIN_CLASS = "dev.ioloop.app.Main";
  private static final int LOG_TAIL_LINES = 20;

  private final ChildProcesses processes;
  private final Path logDirectory;
  private final CpuPartition cpus;

  public ServerLauncher(ChildProcesses processes, Path logDirectory) {
    this(processes, logDirectory, CpuPartition.SHARED);
  }

  public ServerLauncher(ChildProcesses processes, Path logDirectory, CpuPartition cpus) {
    this.processes = processes;
    this.logDirectory = logDirectory;
    this.cpus = cpus;
  }

  /** {@code ./ioloop backend}: /api/block2, the downstream of every server. */
  public ServerProcess startBackend() throws IOException {
    int port = ServerProcess.freePort();
    return start("backend", port, cpus.onLoadCpus(command(List.of("backend", "--port", Integer.toString(port)))));
  }

  /** {@code ./ioloop serve ENGINE}, calling the backend; the reactor with {@code reactorLoops} loops. */
  public ServerProcess startServer(String engine, URI backend, int reactorLoops) throws IOException {
    int port = ServerProcess.freePort();
    List<String> arguments = new ArrayList<>(List.of(
        "serve", engine, "--port", Integer.toString(port), "--downstream", backend.toString()));
    if (Engine.named(engine) == Engine.REACTOR) {
      arguments.addAll(List.of("--loops", Integer.toString(reactorLoops)));
    }
    return start(engine, port, cpus.onServerCpus(command(arguments)));
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
    return new Lab(backend, servers, reactorLoops, cpus);
  }

  /** A backend and the servers that call it, all answering, placed on {@code cpus}. */
  public record Lab(ServerProcess backend, List<ServerProcess> servers, int reactorLoops, CpuPartition cpus) {
    /** "backend :2345, reactor :8081 (2 loops), loom :8082; server on CPU 0, ...": where each answers and runs. */
    public String describe() {
      StringBuilder text = new StringBuilder("backend :" + backend.port());
      for (ServerProcess server : servers) {
        text.append(", ").append(server.name()).append(" :").append(server.port());
        if (server.name().equals(Engine.REACTOR.id())) {
          text.append(" (").append(reactorLoops).append(reactorLoops == 1 ? " loop)" : " loops)");
        }
      }
      return text.append("; ").append(cpus.describe()).toString();
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

  private static List<String> command(List<String> arguments) {
    return JavaCommand.sameClasspath(List.of(), MAIN_CLASS, arguments);
  }

  private ServerProcess start(String name, int port, List<String> command) throws IOException {
    return ServerProcess.start(processes, name, port, command, logDirectory.resolve(name + ".log"));
  }
}
