package dev.ioloop.app;

import dev.ioloop.api.server.Engine;
import dev.ioloop.api.server.LabServer;
import dev.ioloop.api.server.ServerConfig;
import dev.ioloop.jetty.JettyServer;
import dev.ioloop.jetty.ThreadModel.PlatformThreads;
import dev.ioloop.loom.server.LoomServer;
import dev.ioloop.reactor.server.ReactorServer;
import dev.ioloop.tooling.cli.DurationConverter;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.EnumMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ioloop serve ENGINE}: one lab server in the foreground until SIGINT or SIGTERM, which shut it down
 * gracefully (requests in flight get {@link ServerConfig#shutdownGrace()} to finish).
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Serves the lab's endpoints with one engine (on loopback unless --bind says otherwise) until Ctrl-C"
        + " (or SIGTERM).")
final class ServeCommand implements Callable<Integer> {
  /** How each engine the lab serves starts, with what the command line says: adding one is adding its line. */
  static final Map<Engine, EngineStarter> STARTERS = new EnumMap<>(Map.of(
      Engine.REACTOR, (config, options) -> ReactorServer.start(config),
      Engine.LOOM, (config, options) -> LoomServer.start(config),
      Engine.JETTY, (config, options) -> JettyServer.start(config),
      Engine.PLATFORM, (config, options) -> JettyServer.start(config, options.platformThreads())));

  /** Starts one engine; {@code options} are the command's, for the options of one engine only. */
  @FunctionalInterface
  interface EngineStarter {
    LabServer start(ServerConfig config, ServeCommand options) throws Exception;
  }

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ENGINE", description = "one of: ${COMPLETION-CANDIDATES}",
      completionCandidates = EngineNames.class)
  String engine;

  @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
      description = "the address to listen on: 0.0.0.0 for every interface, or one of this machine's addresses"
          + " (default ${DEFAULT-VALUE}: this machine only)")
  String bind;

  @Option(names = "--port",
      description = "port to listen on, 0 for any (default: each engine its own, so that all can run side by side)")
  Integer port;

  @Option(names = "--downstream", defaultValue = "http://127.0.0.1:2345",
      description = "where /api/block, /api/noblock and /api/fanout call block2, on this machine or another"
          + " (default ${DEFAULT-VALUE})")
  URI downstream;

  @Option(names = "--loops", description = "reactor: event loops, 1 is Tornado's single loop (default: one per core)")
  Integer loops;

  @Option(names = "--downstream-timeout", defaultValue = "10s", converter = DurationConverter.class,
      paramLabel = "DURATION",
      description = "a slower downstream answers 504, e.g. 500ms or 10s; a plain number is seconds"
          + " (default ${DEFAULT-VALUE})")
  Duration downstreamTimeout;

  @Option(names = "--max-connections",
      description = "connections beyond this are refused with 503 (default 9000: the machine allows 20,000 files a "
          + "process, and an in-flight /api/block holds two)")
  Integer maxConnections;

  @Option(names = "--max-downstream-connections",
      description = "the most connections open to the downstream at once; calls beyond wait for one within their "
          + "deadline, and past a bounded line get 503 (default " + ServerConfig.DEFAULT_MAX_DOWNSTREAM_CONNECTIONS
          + ")")
  Integer maxDownstreamConnections;

  @Option(names = "--threads",
      description = "platform only: threads handling requests, Tomcat's and Jetty's maxThreads (default "
          + PlatformThreads.DEFAULT_THREADS + ")")
  Integer threads;

  @Option(names = "--queue",
      description = "platform only: tasks that may wait for a thread before a new request gets 503 (default "
          + PlatformThreads.DEFAULT_QUEUE + ": above the connection limit, so that load shows as queueing)")
  Integer queue;

  @Override
  public Integer call() throws Exception {
    ServerConfig config = config();
    ForegroundServer.runUntilStopped(start(config, spec.commandLine().getOut()), config);
    return 0;
  }

  /**
   * The configuration the options describe; a value {@link ServerConfig} refuses is a bad option, and so is an option
   * of another engine than the one named.
   */
  ServerConfig config() {
    Engine named = engine();
    if (named != Engine.PLATFORM && (threads != null || queue != null)) {
      throw new ParameterException(spec.commandLine(),
          (threads != null ? "--threads" : "--queue") + " applies to the platform engine only, not " + named);
    }
    try {
      if (named == Engine.PLATFORM) {
        platformThreads(); // checks --threads and --queue
      }
      ServerConfig defaults = ServerConfig.defaults();
      if (downstreamTimeout.isZero()) {
        throw new IllegalArgumentException("the downstream timeout must be positive, not 0");
      }
      return defaults.withHost(BindAddress.require(bind)).withPort(port == null ? engine().defaultPort() : port)
          .withDownstream(downstream)
          .withLoops(loops == null ? defaults.loops() : loops)
          .withTimeouts(downstreamTimeout, defaults.headerTimeout(), defaults.idleTimeout())
          .withMaxConnections(maxConnections == null ? defaults.maxConnections() : maxConnections)
          .withMaxDownstreamConnections(maxDownstreamConnections == null ? defaults.maxDownstreamConnections()
              : maxDownstreamConnections);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  /** Starts the engine and says where it listens; a taken port is a bad option, not a crash. */
  LabServer start(ServerConfig config, PrintWriter out) throws Exception {
    EngineStarter starter = STARTERS.get(engine());
    return ForegroundServer.start(spec.commandLine(), withThese -> starter.start(withThese, this), config, port != null,
        out);
  }

  /** The platform engine's pool, as {@code --threads} and {@code --queue} say. */
  PlatformThreads platformThreads() {
    return new PlatformThreads(threads == null ? PlatformThreads.DEFAULT_THREADS : threads,
        queue == null ? PlatformThreads.DEFAULT_QUEUE : queue);
  }

  /** The engine named on the command line; one the lab cannot serve is a bad parameter. */
  private Engine engine() {
    Engine named = STARTERS.keySet().stream().filter(known -> known.id().equals(engine)).findFirst().orElse(null);
    if (named == null) {
      throw new ParameterException(spec.commandLine(),
          "unknown engine '" + engine + "'; choose from " + String.join(", ", new EngineNames()));
    }
    return named;
  }

  /** For the help text. */
  static final class EngineNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return STARTERS.keySet().stream().map(Engine::id).iterator();
    }
  }
}
