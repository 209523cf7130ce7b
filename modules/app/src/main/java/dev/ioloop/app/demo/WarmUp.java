package dev.ioloop.app.demo;

import dev.ioloop.app.load.LoopbackHttp;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Loads a freshly started server for a moment before its first measured run, so that its JIT has compiled the
 * request path: a cold JVM's first seconds ran at a fraction of its later rate here (the reactor 9,000 req/s for
 * six seconds, then 35,000), and whichever server ran first in a scenario paid for it in the table.
 */
public final class WarmUp {
  /** A few connections keep every engine's request path busy without flooding the demo's own JVM. */
  private static final int CONNECTIONS = 8;
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
  static final String PATH = "/api/hello";

  private WarmUp() {}

  /** GETs /api/hello on {@code server} from a few connections for {@code duration}; the requests answered. */
  public static long run(URI server, Duration duration) throws InterruptedException {
    LongAdder answered = new LongAdder();
    long deadline = System.nanoTime() + duration.toNanos();
    try (LoopbackHttp http = new LoopbackHttp(REQUEST_TIMEOUT)) {
      List<Thread> clients = new ArrayList<>();
      for (int i = 0; i < CONNECTIONS; i++) {
        clients.add(Thread.ofVirtual().name("warm-up-" + i).start(() -> {
          try {
            while (System.nanoTime() < deadline) {
              http.get(server, PATH);
              answered.increment();
            }
          } catch (IOException | InterruptedException ignored) {
            // a warm-up that stops early only leaves the server colder: the measured run still says what it did
          }
        }));
      }
      for (Thread client : clients) {
        client.join();
      }
    }
    return answered.sum();
  }
}
