package dev.ioloop.app.live;

import dev.ioloop.api.server.LabServer;
import dev.ioloop.api.server.ServerConfig;
import dev.ioloop.loom.server.LoomServer;
import dev.ioloop.reactor.server.ReactorServer;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * For the dashboard's tests: a reactor (one loop) and a loom server in-process on free loopback ports, light steady
 * load on both (one client each: /api/hello and a 5 ms /api/sleep in turn), and a dashboard on a free port watching
 * them, as {@code ./ioloop watch} would. Closing stops all of it.
 */
public final class LiveLab implements AutoCloseable {
  private final List<LabServer> servers;
  private final Dashboard dashboard;
  private final List<Thread> load;
  private volatile boolean stopped;

  private LiveLab(List<LabServer> servers, Dashboard dashboard) {
    this.servers = servers;
    this.dashboard = dashboard;
    this.load = servers.stream().map(server -> Thread.ofVirtual().start(() -> load(url(server)))).toList();
  }

  public static LiveLab start() throws Exception {
    ServerConfig config = ServerConfig.defaults().withPort(0);
    List<LabServer> servers = List.of(ReactorServer.start(config.withLoops(1)), LoomServer.start(config));
    Dashboard dashboard = Dashboard.start(InetAddress.getLoopbackAddress(), 0, false, Dashboard.DEFAULT_PERIOD);
    for (LabServer server : servers) {
      dashboard.attach(server.engine().id(), url(server));
    }
    return new LiveLab(servers, dashboard);
  }

  public Dashboard dashboard() {
    return dashboard;
  }

  private static URI url(LabServer server) {
    return URI.create("http://127.0.0.1:" + server.address().getPort() + "/");
  }

  private void load(URI base) {
    try (HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build()) {
      for (long i = 0; !stopped; i++) {
        try {
          http.send(HttpRequest.newBuilder(base.resolve(i % 2 == 0 ? "api/hello" : "api/sleep?ms=5"))
              .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
        } catch (java.io.IOException failed) {
          // the server is stopping
        } catch (InterruptedException stopping) {
          return;
        }
      }
    }
  }

  @Override
  public void close() {
    stopped = true;
    load.forEach(Thread::interrupt);
    dashboard.close();
    servers.forEach(server -> server.shutdown(Duration.ZERO));
  }
}
