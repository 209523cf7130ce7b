package dev.ioloop.tooling.process;

import dev.ioloop.tooling.cli.MissingEnvironmentException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A server a command started in its own JVM on loopback (a lab server, the backend, a bench reference server), its
 * URL on 127.0.0.1. Stopped, with what it started, on {@link #close} or when its {@link ChildProcesses} closes.
 *
 * @param name      backend, reactor, loom, jetty, netty, ...
 * @param port      where it listens, on 127.0.0.1
 * @param process   its JVM
 * @param log       its standard output and error
 * @param processes the registry that started it and stops it
 */
public record ServerProcess(String name, int port, Process process, Path log, ChildProcesses processes)
    implements AutoCloseable {
  private static final String LOOPBACK = "127.0.0.1";

  /**
   * Starts {@code command}, a server that will listen on {@code port} of 127.0.0.1, with its output appended to
   * {@code log}; returns at once (see {@link #awaitListening}). A port something already listens on is refused
   * before anything starts: a server left over from an earlier run would answer instead of the new one.
   */
  public static ServerProcess start(ChildProcesses processes, String name, int port, List<String> command, Path log)
      throws IOException {
    if (accepts(port)) {
      throw new MissingEnvironmentException("port " + port + " (for " + name + ") is already taken",
          "stop what listens there (a server left from an earlier run?): ss -ltnp 'sport = :" + port + "'");
    }
    return new ServerProcess(name, port, processes.start(command, log), log, processes);
  }

  /**
   * A port nothing listens on now. Another process could take it before the server binds it; on a machine whose
   * ephemeral ports are not exhausted that is rare, and the server then fails to start with a clear message.
   */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** Waits until the port accepts connections; says so, pointing at the log, if the server died or never did. */
  public ServerProcess awaitListening(Duration limit) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!accepts(port)) {
      String problem = !process.isAlive() ? "exited (code " + process.exitValue() + ") before listening"
          : System.nanoTime() > deadline ? "did not listen on port " + port + " within " + limit.toSeconds() + " s"
          : null;
      if (problem != null) {
        throw new IOException(name + " " + problem + "; see " + log);
      }
      Thread.sleep(100);
    }
    return this;
  }

  /** Where it answers: {@code http://127.0.0.1:PORT}. */
  public URI url() {
    return URI.create("http://" + LOOPBACK + ":" + port);
  }

  /** {@code target} (a path and query, {@code /api/hello}) on this server. */
  public URI url(String target) {
    return url().resolve(target);
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The last {@code lines} lines of its log, each indented, after a line saying whose: for an error message. */
  public String logTail(int lines) throws IOException {
    if (!Files.isRegularFile(log)) {
      return "";
    }
    List<String> all = Files.readAllLines(log);
    return "\n  the end of " + log + ":\n  " + String.join("\n  ", all.subList(Math.max(0, all.size() - lines),
        all.size()));
  }

  private static boolean accepts(int port) {
    try (Socket probe = new Socket()) {
      probe.connect(new InetSocketAddress(LOOPBACK, port), 500);
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }

  @Override
  public void close() {
    processes.stop(process);
  }

  @Override
  public String toString() {
    return name + " (pid " + pid() + ", " + url() + ", log " + log + ")";
  }
}
