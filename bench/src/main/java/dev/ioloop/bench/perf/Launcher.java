package dev.ioloop.bench.perf;

import dev.ioloop.tooling.cpu.CpuPartition;
import dev.ioloop.tooling.process.ChildProcesses;
import dev.ioloop.tooling.process.ServerProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Starts the bench's JVMs, each on its side of a {@link CpuPartition}, through the {@link ChildProcesses} that stop
 * them all in the end, and returns once they listen; their logs go to {@code workDirectory}, and what a run is doing
 * to {@code progress}. Every run of the bench (the bench, the sweep, the spread) works through one.
 */
record Launcher(Server.Jars jars, Path workDirectory, ChildProcesses processes, Consumer<String> progress) {
  /** A cold JVM on a busy two-core machine: seconds, not minutes. */
  private static final Duration STARTUP_LIMIT = Duration.ofSeconds(60);

  /** {@code server} on {@code port}, on the server's CPUs; {@code phase} names its log. */
  ServerProcess start(Server server, CpuPartition cpus, int port, String phase, List<String> extraJvmFlags)
      throws IOException, InterruptedException {
    Path log = workDirectory.resolve(server.label + "-" + phase + ".log");
    ServerProcess process = ServerProcess.start(processes, server.label, port,
        server.command(jars, cpus, port, extraJvmFlags), log).awaitListening(STARTUP_LIMIT);
    progress.accept("started " + server.label + " (pid " + process.pid() + ", port " + port + ", log " + log + ")");
    return process;
  }

  /** wrk on the load's CPUs of {@code cpus}, through the same processes and into the same directory. */
  Wrk wrk(CpuPartition cpus) {
    return new Wrk(workDirectory, processes, cpus);
  }

  /** The backend of /api/noblock, on the load's CPUs: it is the world outside the server under test. */
  ServerProcess startBackend(CpuPartition cpus) throws IOException, InterruptedException {
    ServerProcess backend = ServerProcess.start(processes, "backend", Server.BACKEND_PORT,
        Server.backendCommand(jars, cpus), workDirectory.resolve("backend.log")).awaitListening(STARTUP_LIMIT);
    progress.accept("started the backend (pid " + backend.pid() + ", port " + Server.BACKEND_PORT + ")");
    return backend;
  }
}
