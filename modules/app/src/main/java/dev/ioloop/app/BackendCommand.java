package dev.ioloop.app;

import dev.ioloop.api.server.LabServer;
import dev.ioloop.api.server.ServerConfig;
import dev.ioloop.loom.server.LoomServer;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ioloop backend}: the downstream every server's {@code /api/block}, {@code /api/noblock} and
 * {@code /api/fanout} call, a separate process as in the seed. It is the loom engine: its {@code /api/block2} sleeps
 * on a virtual thread per request, so the backend itself never limits how many calls wait at once.
 */
@Command(
    name = "backend",
    mixinStandardHelpOptions = true,
    description = "Serves /api/block2, the downstream of the other servers, with the loom engine until Ctrl-C.")
final class BackendCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
      description = "the address to listen on: 0.0.0.0 for every interface (default ${DEFAULT-VALUE}: this machine"
          + " only)")
  String bind;

  @Option(names = "--port", description = "port to listen on, 0 for any (default: 2345, where the servers call)")
  Integer port;

  @Override
  public Integer call() throws Exception {
    ServerConfig config = config();
    ForegroundServer.runUntilStopped(start(config, spec.commandLine().getOut()), config);
    return 0;
  }

  /** The servers' default downstream is this backend's default address. */
  ServerConfig config() {
    try {
      return ServerConfig.defaults().withHost(BindAddress.require(bind)).withPort(port == null ? ServerConfig.DEFAULT_DOWNSTREAM.getPort() : port);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  LabServer start(ServerConfig config, PrintWriter out) throws Exception {
    return ForegroundServer.start(spec.commandLine(), LoomServer::start, config, port != null, out);
  }
}
