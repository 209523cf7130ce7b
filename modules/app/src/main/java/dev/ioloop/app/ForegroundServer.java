package dev.ioloop.app;

import dev.ioloop.api.server.LabServer;
import dev.ioloop.api.server.ServerConfig;
import dev.ioloop.tooling.cli.MissingEnvironmentException;
import java.io.PrintWriter;
import java.net.BindException;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** What {@code serve} and {@code backend} share: start a server, say where it listens, run it until stopped. */
final class ForegroundServer {
  /** Starts a server of one engine; a taken port is a {@link BindException}, or an exception caused by one. */
  @FunctionalInterface
  interface Starter {
    LabServer start(ServerConfig config) throws Exception;
  }

  private ForegroundServer() {}

  /**
   * Starts it and prints where it listens. A taken port is never a crash: the port the user chose ({@code
   * portChosen}) is a bad option of {@code command} (exit code 2); a default port something else holds is a free port
   * missing (exit code 3), with what to do.
   */
  static LabServer start(CommandLine command, Starter starter, ServerConfig config, boolean portChosen,
      PrintWriter out) throws Exception {
    LabServer server;
    try {
      server = starter.start(config);
    } catch (Exception e) {
      // Jetty wraps the BindException in an IOException of its own: look down the causes.
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof BindException taken) {
          String problem = "cannot listen on " + config.host() + ":" + config.port() + ": " + taken.getMessage();
          if (portChosen) {
            throw new ParameterException(command, problem, e);
          }
          MissingEnvironmentException missing = new MissingEnvironmentException(problem,
              "stop what listens there, or choose another port with --port N (0 for any)");
          missing.initCause(e);
          throw missing;
        }
      }
      throw e;
    }
    out.printf("%s listening on http://%s:%d (downstream %s)%n", server.engine(),
        server.address().getAddress().getHostAddress(), server.address().getPort(), config.downstream());
    out.flush();
    return server;
  }

  /**
   * Blocks until SIGINT or SIGTERM, which shut the server down gracefully: requests in flight get
   * {@link ServerConfig#shutdownGrace()} to finish.
   */
  static void runUntilStopped(LabServer server, ServerConfig config) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("ioloop-serve-shutdown").unstarted(() -> {
      server.shutdown(config.shutdownGrace());
      stopped.countDown();
    }));
    stopped.await(); // the JVM ends once the hook has shut the server down
  }
}
