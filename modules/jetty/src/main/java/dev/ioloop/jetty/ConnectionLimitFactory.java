package dev.ioloop.jetty;

import dev.ioloop.api.server.ServerConfig;
import dev.ioloop.api.server.ServerCounters;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.AbstractConnectionFactory;
import org.eclipse.jetty.server.Connector;

/**
 * The connection limit, the connector's first factory: a connection within {@code maxConnections} is made by the
 * next protocol's factory (HTTP/1.1) and counted as open until it closes, for the limit and the stats; one past it is
 * an {@link OverLimitConnection}, answered 503 and not counted. (Jetty's own {@code ConnectionLimit} stops accepting
 * instead, which leaves clients waiting in the backlog.)
 */
final class ConnectionLimitFactory extends AbstractConnectionFactory {
  private final String nextProtocol;
  private final ServerConfig config;
  private final ServerCounters counters;
  private final Connection.Listener countClose = new Connection.Listener() {
    @Override
    public void onClosed(Connection connection) {
      counters.connectionClosed();
    }
  };

  ConnectionLimitFactory(String nextProtocol, ServerConfig config, ServerCounters counters) {
    super("ioloop-connection-limit");
    this.nextProtocol = nextProtocol;
    this.config = config;
    this.counters = counters;
  }

  @Override
  public Connection newConnection(Connector connector, EndPoint endPoint) {
    // Counted before the check, so that connections made at once on two selectors cannot both take the last place.
    counters.connectionOpened();
    if (counters.openConnections() > config.maxConnections()) {
      counters.connectionClosed(); // a refused connection is not served, and so not counted
      return new OverLimitConnection(endPoint, connector, config.overConnectionLimitReason());
    }
    try {
      Connection served = connector.getConnectionFactory(nextProtocol).newConnection(connector, endPoint);
      served.addEventListener(countClose);
      return served;
    } catch (RuntimeException e) {
      counters.connectionClosed();
      throw e;
    }
  }
}
