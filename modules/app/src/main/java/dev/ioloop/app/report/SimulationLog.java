package dev.ioloop.app.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * One Gatling run's own records: every request and every user start and end of its binary {@code simulation.log},
 * read with Gatling 3.15's reader classes ({@code io.gatling.charts.stats.FirstPassParser} and
 * {@code SecondPassParser}, the ones its report is made with), so figures can be computed from the records instead of
 * the report's per-second buckets.
 *
 * <p>The app's jar does not carry Gatling: the reader is loaded from the Gatling jars the loadtests build lists
 * ({@code GatlingInstallation.classpath()}), in a class loader of its own. The log format is undocumented and
 * changes between Gatling versions; {@code SimulationLogTest} reads a log made in the build to hold this class to
 * the version the build uses.
 *
 * @param simulation the simulation's class name
 * @param runStartMillis when the run started, epoch milliseconds
 * @param requests   every request, in the order the log holds them (by end, roughly)
 * @param users      every virtual user's start and end, in log order
 */
public record SimulationLog(String simulation, long runStartMillis, List<Request> requests, List<UserEvent> users) {
  public static final String FILE_NAME = "simulation.log";
  /**
   * The group of a warm-up's requests (the simulations' {@code LabSimulation.WARM_UP}; GatlingRunTest runs a warm-up
   * through both): the figures leave them out.
   */
  public static final String WARM_UP_GROUP = "warm-up";
  /**
   * Gatling's reader builds strings through java.lang internals, as its own JVM allows: a JVM that reads logs needs
   * this argument (the app jar's manifest says the same with Add-Opens).
   */
  public static final String JVM_ARG = "--add-opens=java.base/java.lang=ALL-UNNAMED";
  private static final String READER_CLASS = "dev.ioloop.app.report.gatling.GatlingLogReader";
  private static final Map<List<Path>, ClassLoader> LOADERS = new HashMap<>();
  /** Gatling's parsers log each pass at INFO (through SLF4J to java.util.logging here): kept quiet. */
  private static final java.util.logging.Logger GATLING_LOGGER = java.util.logging.Logger.getLogger("io.gatling");

  static {
    GATLING_LOGGER.setLevel(java.util.logging.Level.WARNING);
  }

  public SimulationLog {
    requests = List.copyOf(requests);
    users = List.copyOf(users);
  }

  /**
   * One request: its name (Gatling's, e.g. {@code block}), when it was sent and when its answer (or failure) came,
   * epoch milliseconds, whether it passed its checks, and whether it was the run's warm-up's.
   */
  public record Request(String name, long startMillis, long endMillis, boolean ok, boolean warmUp) {
    public long responseMillis() {
      return endMillis - startMillis;
    }
  }

  /** A virtual user of {@code scenario} started ({@code start}) or ended at {@code atMillis}, epoch milliseconds. */
  public record UserEvent(String scenario, boolean start, long atMillis) {}

  /** What the reader hands over, record by record; the Gatling-side class calls it. */
  public interface Sink {
    void run(String simulation, long runStartMillis);

    /** {@code group}: the request's top-level group, empty for none. */
    void request(String name, String group, long startMillis, long endMillis, boolean ok);

    void user(String scenario, boolean start, long atMillis);
  }

  /**
   * Reads {@code logOrRunDirectory} (a {@code simulation.log}, or the report directory that holds one) with the
   * Gatling reader on {@code gatlingClasspath}.
   */
  public static SimulationLog read(Path logOrRunDirectory, List<Path> gatlingClasspath) throws IOException {
    Path log = Files.isDirectory(logOrRunDirectory) ? logOrRunDirectory.resolve(FILE_NAME) : logOrRunDirectory;
    if (!Files.isRegularFile(log)) {
      throw new IOException("no Gatling log at " + log);
    }
    if (!Object.class.getModule().isOpen("java.lang", SimulationLog.class.getClassLoader().getUnnamedModule())) {
      throw new IOException("Gatling's log reader needs --add-opens java.base/java.lang=ALL-UNNAMED (the app's jar"
          + " says so in its manifest)");
    }
    Collector collector = new Collector();
    try {
      reader(gatlingClasspath).accept(log, collector);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } catch (RuntimeException | LinkageError e) {
      throw new IOException("cannot read " + log + " with Gatling's reader (is it a Gatling 3.15 log?): " + e, e);
    }
    return new SimulationLog(collector.simulation, collector.runStart, collector.requests, collector.users);
  }

  /** The simulation.log in a Gatling report directory. */
  public static Path in(Path reportDirectory) {
    return reportDirectory.resolve(FILE_NAME);
  }

  /** Virtual users started. */
  public long usersStarted() {
    return users.stream().filter(UserEvent::start).count();
  }

  /** When the first user started (or the first request, in a log without users), epoch milliseconds. */
  public long injectStartMillis() {
    return users.stream().filter(UserEvent::start).mapToLong(UserEvent::atMillis).min()
        .orElseGet(() -> requests.stream().mapToLong(Request::startMillis).min().orElse(runStartMillis));
  }

  /** The last record's time: the last answer or user end, epoch milliseconds. */
  public long injectEndMillis() {
    return Math.max(requests.stream().mapToLong(Request::endMillis).max().orElse(runStartMillis),
        users.stream().mapToLong(UserEvent::atMillis).max().orElse(runStartMillis));
  }

  /** The requests after the warm-up: every one in a run without a warm-up. */
  public List<Request> measured() {
    return requests.stream().filter(request -> !request.warmUp()).toList();
  }

  /** The requests named {@code name}, or all of them for null. */
  public List<Request> requests(String name) {
    return name == null ? requests : requests.stream().filter(r -> r.name().equals(name)).toList();
  }

  @SuppressWarnings("unchecked")
  private static BiConsumer<Path, Sink> reader(List<Path> gatlingClasspath) throws IOException {
    ClassLoader loader;
    synchronized (LOADERS) {
      loader = LOADERS.get(gatlingClasspath);
      if (loader == null) {
        loader = new ReaderLoader(urls(gatlingClasspath), SimulationLog.class.getClassLoader());
        LOADERS.put(List.copyOf(gatlingClasspath), loader);
      }
    }
    try {
      return (BiConsumer<Path, Sink>) Class.forName(READER_CLASS, true, loader).getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IOException("cannot load Gatling's log reader from " + gatlingClasspath + ": " + e, e);
    }
  }

  private static URL[] urls(List<Path> classpath) {
    return classpath.stream().map(path -> {
      try {
        return path.toUri().toURL();
      } catch (MalformedURLException e) {
        throw new IllegalArgumentException(path.toString(), e);
      }
    }).toArray(URL[]::new);
  }

  /**
   * Gatling's jars behind the app's own classes, and the one class that links against Gatling defined here, child
   * first, so that it sees them: the app's loader does not have them (the shaded jar leaves Gatling out).
   */
  private static final class ReaderLoader extends URLClassLoader {
    private final ClassLoader app;

    ReaderLoader(URL[] urls, ClassLoader app) {
      super("gatling-log-reader", urls, app);
      this.app = app;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!name.startsWith(READER_CLASS)) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> loaded = findLoadedClass(name);
        if (loaded == null) {
          try (InputStream bytes = app.getResourceAsStream(name.replace('.', '/') + ".class")) {
            if (bytes == null) {
              throw new ClassNotFoundException(name);
            }
            byte[] code = bytes.readAllBytes();
            loaded = defineClass(name, code, 0, code.length);
          } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
          }
        }
        return loaded;
      }
    }
  }

  private static final class Collector implements Sink {
    String simulation = "";
    long runStart;
    final List<Request> requests = new ArrayList<>();
    final List<UserEvent> users = new ArrayList<>();

    @Override
    public void run(String simulation, long runStartMillis) {
      this.simulation = simulation;
      this.runStart = runStartMillis;
    }

    @Override
    public void request(String name, String group, long startMillis, long endMillis, boolean ok) {
      requests.add(new Request(name, startMillis, endMillis, ok, group.equals(WARM_UP_GROUP)));
    }

    @Override
    public void user(String scenario, boolean start, long atMillis) {
      users.add(new UserEvent(scenario, start, atMillis));
    }
  }

}
