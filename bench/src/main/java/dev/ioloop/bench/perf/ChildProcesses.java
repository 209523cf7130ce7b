package dev.ioloop.bench.perf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Every process the bench starts (servers, the backend, wrk) goes through here, so that all of them stop however
 * the run ends: normally, on a failure, or on Ctrl-C (a shutdown hook stops whatever is still alive).
 */
final class ChildProcesses {
  private static final Set<Process> ALIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("bench-stop-children").unstarted(() ->
        List.copyOf(ALIVE).forEach(ChildProcesses::stop)));
  }

  private ChildProcesses() {}

  /** Starts {@code command} with its output (stdout and stderr) appended to {@code log}. */
  static Process start(List<String> command, Path log) throws IOException {
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    ALIVE.add(process);
    return process;
  }

  /** SIGTERM, then SIGKILL after 10 s: a server gets its graceful shutdown, but no more. */
  static void stop(Process process) {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      ALIVE.remove(process);
    }
  }

  /** Waits for a process that ends by itself (wrk); it is stopped if it overruns {@code seconds}. */
  static int awaitExit(Process process, long seconds) throws InterruptedException {
    try {
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        throw new IllegalStateException("still running after " + seconds + " s: " + process.info().commandLine()
            .orElse("pid " + process.pid()));
      }
      return process.exitValue();
    } finally {
      stop(process);
    }
  }
}
