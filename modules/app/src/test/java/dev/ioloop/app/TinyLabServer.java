package dev.ioloop.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ioloop.api.server.ServerStats;
import dev.ioloop.http.route.StatsJson;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in lab server for tests that need a target but not a real engine: the JDK's HTTP server on loopback,
 * answering /api/hello and /api/stats as the endpoint contract says, 404 to every other path.
 */
public final class TinyLabServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final AtomicLong helloRequests = new AtomicLong();
  private final AtomicLong statsRequests = new AtomicLong();

  private TinyLabServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
    server.setExecutor(executor);
    server.createContext("/", exchange -> answer(exchange, 404, "text/plain", "no such path"));
    server.createContext("/api/hello", exchange -> {
      helloRequests.incrementAndGet();
      answer(exchange, 200, "text/plain", "Hello, World!");
    });
    server.createContext("/api/stats", exchange -> {
      long sample = statsRequests.incrementAndGet();
      answer(exchange, 200, "application/json", StatsJson.encode(new ServerStats("loom", "tiny", sample, sample, 1,
          2, new ServerStats.Threads(10, sample, 1, 0), new ServerStats.Loop(0, 0.0, 0), ServerStats.Pool.NONE,
          1 << 20, 1 << 19, new ServerStats.Latency(sample, 100 + sample, 900 + sample, 2_000 + sample),
          sample * 10_000_000)));
    });
    server.start();
  }

  public static TinyLabServer start() throws IOException {
    return new TinyLabServer();
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** /api/stats requests answered so far. */
  public long statsRequests() {
    return statsRequests.get();
  }

  /** /api/hello requests answered so far. */
  public long helloRequests() {
    return helloRequests.get();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.close();
  }

  private static void answer(HttpExchange exchange, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (var out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
