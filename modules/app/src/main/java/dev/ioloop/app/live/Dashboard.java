package dev.ioloop.app.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ioloop.api.server.ServerStats;
import dev.ioloop.app.load.LoopbackHttp;
import dev.ioloop.http.route.StatsJson;
import dev.ioloop.tooling.chart.Palette;
import dev.ioloop.tooling.cli.MissingEnvironmentException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The live dashboard: a page on Jetty 12 (its public Handler API) that shows every attached server side by side,
 * fed over Server-Sent Events at {@code GET /events}: one JSON {@link LiveEvent} per tick (every
 * {@link #DEFAULT_PERIOD}), made from each server's {@code /api/stats}. The page, its script and uPlot (from its
 * webjar) come from the jar. It listens on loopback unless told otherwise.
 */
public final class Dashboard implements AutoCloseable {
  public static final int DEFAULT_PORT = 8090;
  public static final Duration DEFAULT_PERIOD = Duration.ofMillis(500);
  private static final int PORTS_TRIED = 50;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RESOURCES = "/dev/ioloop/app/live/";
  /** Jetty's start-up lines would interleave with the command's own output; held so the level sticks. */
  private static final java.util.logging.Logger JETTY_LOG = quiet(java.util.logging.Logger.getLogger("org.eclipse.jetty"));

  private final Server jetty;
  private final ServerConnector connector;
  private final Duration period;
  private final LiveStage stage = new LiveStage();
  private final Map<String, Target> targets = new LinkedHashMap<>();
  private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
  private final ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();
  private final LoopbackHttp http;
  private final Thread ticker;
  private volatile LiveEvent latest;
  private volatile boolean closed;

  private Dashboard(InetAddress bind, int port, Duration period) throws Exception {
    this.period = period;
    this.http = new LoopbackHttp(period.multipliedBy(9).dividedBy(10));
    QueuedThreadPool threads = new QueuedThreadPool(16, 4);
    threads.setName("dashboard");
    threads.setDaemon(true);
    jetty = new Server(threads);
    connector = new ServerConnector(jetty, 1, 1);
    connector.setHost(bind.getHostAddress());
    connector.setPort(port);
    jetty.addConnector(connector);
    jetty.setHandler(new Pages());
    jetty.setStopTimeout(1_000);
    jetty.start();
    ticker = Thread.ofPlatform().daemon().name("dashboard-ticker").start(this::tick);
  }

  /**
   * Starts the dashboard on {@code bind}: on {@code port}, or with {@code nextFree} on the first free port from
   * {@code port} on (port 0: any free one).
   */
  public static Dashboard start(InetAddress bind, int port, boolean nextFree, Duration period) throws Exception {
    int last = nextFree && port != 0 ? Math.min(65535, port + PORTS_TRIED - 1) : port;
    for (int candidate = port; candidate <= last; candidate++) {
      if (candidate != 0 && !free(bind, candidate)) {
        continue;
      }
      try {
        return new Dashboard(bind, candidate, period);
      } catch (IOException taken) { // lost a race for the port: the next one
        if (!(taken instanceof BindException || taken.getCause() instanceof BindException) || candidate == last) {
          throw taken;
        }
      }
    }
    throw new MissingEnvironmentException(port == last ? "the dashboard's port " + port + " is taken"
        : "no free port for the dashboard in " + port + "-" + last,
        "give another with --dashboard-port, or --no-dashboard");
  }

  private static java.util.logging.Logger quiet(java.util.logging.Logger logger) {
    logger.setLevel(java.util.logging.Level.WARNING);
    return logger;
  }

  private static boolean free(InetAddress bind, int port) {
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress(bind, port));
      return true;
    } catch (IOException taken) {
      return false;
    }
  }

  /** Where a browser opens it: {@code http://127.0.0.1:PORT/}. */
  public URI url() {
    String host = connector.getHost();
    return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + connector.getLocalPort()
        + "/");
  }

  /** Samples {@code name}'s {@code /api/stats} at {@code base} from the next tick on. */
  public void attach(String name, URI base) {
    LoopbackHttp.requireLoopback(base);
    synchronized (targets) {
      targets.put(name, new Target(name, base));
    }
  }

  /** Where the demo publishes its scenario, step and time left, and the marks. */
  public LiveStage stage() {
    return stage;
  }

  /** The last event sent (null before the first tick). */
  public LiveEvent latest() {
    return latest;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    ticker.interrupt();
    try {
      ticker.join(2_000);
    } catch (InterruptedException stopping) {
      Thread.currentThread().interrupt();
    }
    for (Subscriber subscriber : subscribers) {
      subscriber.end();
    }
    try {
      jetty.stop();
    } catch (Exception e) {
      // stopping anyway
    }
    requests.shutdownNow();
    http.close();
  }

  private void tick() {
    long next = System.nanoTime();
    while (!closed) {
      try {
        List<Target> now;
        synchronized (targets) {
          now = new ArrayList<>(targets.values());
        }
        Map<Target, CompletableFuture<LiveFigures>> answers = new LinkedHashMap<>();
        for (Target target : now) {
          answers.put(target, CompletableFuture.supplyAsync(target::sample, requests));
        }
        List<LiveFigures> figures = new ArrayList<>();
        for (var answer : answers.entrySet()) {
          figures.add(answer.getValue().get());
        }
        LiveEvent event = new LiveEvent(System.currentTimeMillis(), figures, stage.scenario(), stage.marks());
        latest = event;
        broadcast(event);
        next += period.toNanos();
        long wait = next - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(Duration.ofNanos(wait));
        } else {
          next = System.nanoTime();
        }
      } catch (InterruptedException stopping) {
        return;
      } catch (Exception unexpected) { // one bad tick must not end the dashboard
        System.err.println("dashboard: a tick failed: " + unexpected);
      }
    }
  }

  private void broadcast(LiveEvent event) throws JsonProcessingException {
    byte[] bytes = ("data: " + JSON.writeValueAsString(event) + "\n\n").getBytes(StandardCharsets.UTF_8);
    for (Subscriber subscriber : subscribers) {
      subscriber.send(bytes);
    }
  }

  /** A server being sampled, and its previous answer. */
  private final class Target {
    final String name;
    final URI base;
    final String colour;
    ServerStats before;
    long beforeNanos;

    Target(String name, URI base) {
      this.name = name;
      this.base = base;
      this.colour = Palette.of(List.of(name)).get(name);
    }

    /** On one of the request threads, never two at once for one target (the ticker waits for each). */
    LiveFigures sample() {
      try {
        HttpResponse<String> response = http.get(base, "/api/stats");
        long nanos = System.nanoTime();
        if (response.statusCode() != 200) {
          return LiveFigures.down(name, colour);
        }
        ServerStats stats = StatsJson.decode(response.body());
        LiveFigures figures = LiveFigures.of(name, colour, stats, nanos, before, beforeNanos);
        before = stats;
        beforeNanos = nanos;
        return figures;
      } catch (IOException | RuntimeException lateOrGone) { // a blocked reactor answers late: a gap
        return LiveFigures.down(name, colour);
      } catch (InterruptedException stopping) {
        Thread.currentThread().interrupt();
        return LiveFigures.down(name, colour);
      }
    }
  }

  /** One open {@code /events} stream; a write still pending when the next event comes skips that event. */
  private final class Subscriber {
    final Response response;
    final Callback done;
    final AtomicBoolean writing = new AtomicBoolean();
    final AtomicBoolean ended = new AtomicBoolean();

    Subscriber(Response response, Callback done) {
      this.response = response;
      this.done = done;
    }

    void send(byte[] bytes) {
      if (ended.get() || !writing.compareAndSet(false, true)) {
        return;
      }
      response.write(false, ByteBuffer.wrap(bytes), Callback.from(() -> writing.set(false), this::gone));
    }

    void gone(Throwable failure) {
      if (ended.compareAndSet(false, true)) {
        subscribers.remove(this);
        done.failed(failure);
      }
    }

    void end() {
      if (ended.compareAndSet(false, true)) {
        subscribers.remove(this);
        response.write(true, null, done);
      }
    }
  }

  private final class Pages extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
      String path = Request.getPathInContext(request);
      if (!"GET".equals(request.getMethod())) {
        Response.writeError(request, response, callback, HttpStatus.METHOD_NOT_ALLOWED_405);
        return true;
      }
      switch (path) {
        case "/", "/index.html" -> serve(response, callback, "text/html; charset=utf-8", page("dashboard.html"));
        case "/dashboard.js" -> serve(response, callback, "text/javascript; charset=utf-8", page("dashboard.js"));
        case "/dashboard.css" -> serve(response, callback, "text/css; charset=utf-8", page("dashboard.css"));
        case "/uplot/uPlot.iife.min.js" -> serve(response, callback, "text/javascript; charset=utf-8",
            uplot("uPlot.iife.min.js"));
        case "/uplot/uPlot.min.css" -> serve(response, callback, "text/css; charset=utf-8", uplot("uPlot.min.css"));
        case "/events" -> subscribe(response, callback);
        case "/latest" -> serve(response, callback, "application/json",
            latest == null ? "null".getBytes() : JSON.writeValueAsBytes(latest));
        default -> Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
      }
      return true;
    }

    private void subscribe(Response response, Callback callback) {
      response.setStatus(200);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
      response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
      Subscriber subscriber = new Subscriber(response, callback);
      subscribers.add(subscriber);
      subscriber.send((": ioloop dashboard, an event every " + period.toMillis() + " ms\nretry: 1000\n\n")
          .getBytes(StandardCharsets.UTF_8));
      if (closed) {
        subscriber.end();
      }
    }

    private static void serve(Response response, Callback callback, String type, byte[] body) {
      response.setStatus(200);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
      response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
      response.write(true, ByteBuffer.wrap(body), callback);
    }
  }

  private static byte[] page(String name) {
    return resource(RESOURCES + name);
  }

  /** uPlot's dist files from its webjar on the class path, whichever version the build resolved. */
  private static byte[] uplot(String file) {
    return resource("/META-INF/resources/webjars/uplot/" + UplotVersion.VERSION + "/dist/" + file);
  }

  private static byte[] resource(String name) {
    try (InputStream in = Dashboard.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is not on the class path: the app's jar is incomplete");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final class UplotVersion {
    static final String VERSION = read();

    private static String read() {
      Properties properties = new Properties();
      try (InputStream in = Dashboard.class.getResourceAsStream(
          "/META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
        if (in == null) {
          throw new IllegalStateException("uPlot's webjar is not on the class path");
        }
        properties.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return properties.getProperty("version");
    }
  }

}
