package dev.ioloop.app.live;

import java.net.InetAddress;
import picocli.CommandLine.Option;

/** The dashboard's options, the same in {@code watch} and {@code demo}. */
public final class DashboardOptions {
  @Option(names = "--dashboard-port", paramLabel = "PORT",
      description = "the dashboard's port (default " + Dashboard.DEFAULT_PORT + ", or the next free one after it;"
          + " a port given here must be free)")
  Integer port;

  @Option(names = "--dashboard-bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
      description = "the address the dashboard listens on (default ${DEFAULT-VALUE}: this machine only)")
  String bind;

  /** Starts the dashboard these options describe. */
  public Dashboard start() throws Exception {
    InetAddress address;
    try {
      address = InetAddress.ofLiteral(bind);
    } catch (IllegalArgumentException notALiteral) {
      throw new IllegalArgumentException("--dashboard-bind takes an IP address, not " + bind);
    }
    return Dashboard.start(address, port == null ? Dashboard.DEFAULT_PORT : port, port == null,
        Dashboard.DEFAULT_PERIOD);
  }
}
