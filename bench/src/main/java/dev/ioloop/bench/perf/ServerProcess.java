package dev.ioloop.bench.perf;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** One server JVM on loopback: started, ready once its port accepts, stopped on {@link #close}. */
final class ServerProcess implements AutoCloseable {
  private static final Duration STARTUP_LIMIT = Duration.ofSeconds(60);

  private final String name;
  private final int port;
  private final Process process;

  private ServerProcess(String name, int port, Process process) {
    this.name = name;
    this.port = port;
    this.process = process;
  }

  /** Starts {@code command} (a server listening on {@code port}) and returns once it accepts connections. */
  static ServerProcess start(String name, int port, List<String> command, Path log)
      throws IOException, InterruptedException {
    requirePortFree(name, port);
    ServerProcess server = new ServerProcess(name, port, ChildProcesses.start(command, log));
    try {
      server.awaitListening(log);
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  String name() {
    return name;
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  String url(String target) {
    return "http://127.0.0.1:" + port + target;
  }

  private void awaitListening(Path log) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + STARTUP_LIMIT.toNanos();
    while (!accepts(port)) {
      if (!process.isAlive()) {
        throw new IOException(name + " exited (code " + process.exitValue() + ") before listening; see " + log);
      }
      if (System.nanoTime() > deadline) {
        throw new IOException(name + " did not listen on port " + port + " within " + STARTUP_LIMIT + "; see " + log);
      }
      Thread.sleep(100);
    }
  }

  /** A server left over from an earlier run would be measured instead of the new one: refuse to start. */
  private static void requirePortFree(String name, int port) throws IOException {
    if (accepts(port)) {
      throw new IOException("port " + port + " (for " + name + ") is already taken; stop what listens there");
    }
  }

  private static boolean accepts(int port) {
    try (Socket probe = new Socket()) {
      probe.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }

  @Override
  public void close() {
    ChildProcesses.stop(process);
  }
}
