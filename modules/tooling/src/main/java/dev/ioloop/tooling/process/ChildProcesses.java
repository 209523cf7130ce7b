package dev.ioloop.tooling.process;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Every process a command starts (servers, the backend, Gatling, wrk), stopped with its whole tree when the command
 * closes this, when the JVM exits, and on Ctrl-C (a shutdown hook): a run that fails half-way leaves no server
 * behind on a port.
 */
public final class ChildProcesses implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ChildProcesses.class.getName());
  /** Long enough for a server to finish its requests in flight and say goodbye in its log. */
  private static final Duration DEFAULT_GRACE = Duration.ofSeconds(5);

  private final List<Process> running = new CopyOnWriteArrayList<>();
  private final Thread shutdownHook = Thread.ofPlatform().name("ioloop-stop-children").unstarted(this::stopAll);
  private final Duration grace;
  private volatile boolean closed;

  public ChildProcesses() {
    this(DEFAULT_GRACE);
  }

  /** {@code grace}: how long a child has to exit after a polite SIGTERM before it is killed. */
  public ChildProcesses(Duration grace) {
    this.grace = grace;
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Starts a process that this registry will stop; refused once closed (a Ctrl-C is under way). */
  public synchronized Process start(ProcessBuilder builder) throws IOException {
    if (closed) {
      throw new IOException("stopping: no new process is started");
    }
    Process process = builder.start();
    running.add(process);
    return process;
  }

  /** Starts {@code command} with its output (stdout and stderr) appended to {@code log}, made if missing. */
  public Process start(List<String> command, Path log) throws IOException {
    Path directory = log.toAbsolutePath().getParent();
    if (directory != null) {
      Files.createDirectories(directory);
    }
    return start(new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())));
  }

  /** Whether everything is being stopped (closed, or the JVM is exiting on Ctrl-C): a child's death is no failure. */
  public boolean stopping() {
    return closed;
  }

  /**
   * Waits for a process that ends by itself (wrk, say) and returns its exit status; one that overruns {@code limit}
   * is an {@link IllegalStateException}. Either way the process and what it started are stopped when this returns.
   */
  public int awaitExit(Process process, Duration limit) throws InterruptedException {
    try {
      if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("still running after " + limit.toSeconds() + " s: "
            + process.info().commandLine().orElse("pid " + process.pid()));
      }
      return process.exitValue();
    } finally {
      stop(process);
    }
  }

  /**
   * Stops one process and everything it started: SIGTERM, then SIGKILL after the grace period. A no-op for a process
   * that has exited.
   */
  public void stop(Process process) {
    running.remove(process);
    List<ProcessHandle> tree = process.descendants().toList();
    process.destroy();
    tree.forEach(ProcessHandle::destroy);
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.log(Level.WARNING, "process {0} ignored SIGTERM for {1} ms: killing it", process.pid(), grace.toMillis());
        process.destroyForcibly().waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  @Override
  public void close() {
    stopAll();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or has run: it did the same work
    }
  }

  private void stopAll() {
    synchronized (this) {
      closed = true;
    }
    // Stopped in parallel: each may take the grace period, and a Ctrl-C should not wait for their sum.
    List<Thread> stoppers = running.stream()
        .map(process -> Thread.ofVirtual().start(() -> stop(process)))
        .toList();
    for (Thread stopper : stoppers) {
      try {
        stopper.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
