package dev.ioloop.app.report;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * One Gatling simulation.log, read back record by record with Gatling's own reader: its binary format is internal
 * and changes between releases, so this never decodes bytes itself. The app has no Gatling dependency (the
 * simulations run in their own JVM); Gatling's classes are loaded from the simulations' class path
 * (GatlingInstallation), and the record methods of its second-pass parser called one record at a time, in the order
 * its own {@code parse()} calls them. A Gatling release that renames them fails {@code SimulationLogTest}, which
 * reads a real log and checks its count against Gatling's own report.
 *
 * <p>Kept minimal on purpose (a log in, request records out); the capacity curve (issue 14) reads logs too.
 *
 * @param simulationClass the simulation's class name
 * @param description     the run description: the server's label
 * @param runStartMs      when the run started, epoch milliseconds
 * @param injectStartMs   the first user's start
 * @param injectEndMs     the last record's time
 * @param usersStarted    virtual users started
 * @param requests        every request's record, in the log's order (incoming messages left out, as Gatling does)
 */
public record SimulationLog(
    String simulationClass,
    String description,
    long runStartMs,
    long injectStartMs,
    long injectEndMs,
    long usersStarted,
    List<Request> requests) {

  public static final String FILE_NAME = "simulation.log";
  /**
   * Gatling's reader builds strings through java.lang internals, as its own JVM allows: a JVM that reads logs needs
   * this argument (the app jar's manifest says the same with Add-Opens).
   */
  public static final String JVM_ARG = "--add-opens=java.base/java.lang=ALL-UNNAMED";

  /** One request: its name, when it was sent and answered (epoch ms), and whether its checks passed. */
  public record Request(String name, long startMs, long endMs, boolean ok) {
    public long responseTimeMs() {
      return endMs - startMs;
    }
  }

  private static final String STATS = "io.gatling.charts.stats.";
  private static final String HEADER = "io.gatling.core.stats.writer.RecordHeader$";
  private static final Map<List<Path>, URLClassLoader> LOADERS = new ConcurrentHashMap<>();

  public SimulationLog {
    requests = List.copyOf(requests);
  }

  /** The simulation.log in a Gatling report directory. */
  public static Path in(Path reportDirectory) {
    return reportDirectory.resolve(FILE_NAME);
  }

  /** Reads {@code log} with the Gatling classes on {@code gatlingClasspath}. */
  public static SimulationLog read(Path log, List<Path> gatlingClasspath) throws IOException {
    if (!Files.isRegularFile(log)) {
      throw new IOException("no simulation log at " + log);
    }
    ClassLoader gatling = LOADERS.computeIfAbsent(List.copyOf(gatlingClasspath), SimulationLog::loader);
    if (!String.class.getModule().isOpen("java.lang", gatling.getUnnamedModule())) {
      throw new IOException("cannot read " + log + ": Gatling's log reader needs java.lang open; start this JVM with "
          + JVM_ARG + " (java -jar ioloop-app.jar has it from its manifest)");
    }
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    Thread.currentThread().setContextClassLoader(gatling);
    try {
      return readWith(gatling, log.toFile());
    } catch (ReflectiveOperationException | ClassCastException e) {
      Throwable cause = e instanceof InvocationTargetException invocation ? invocation.getCause() : e;
      throw new IOException("cannot read " + log + " with the Gatling on the simulations' class path (a release whose"
          + " log reader differs from 3.15's?): " + cause, cause);
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
  }

  private static SimulationLog readWith(ClassLoader gatling, File file) throws ReflectiveOperationException {
    Class<?> firstPass = gatling.loadClass(STATS + "FirstPassParser");
    Object runInfo;
    try (AutoCloseable parser = (AutoCloseable) firstPass.getConstructor(File.class, ZoneId.class)
        .newInstance(file, ZoneId.systemDefault())) {
      runInfo = firstPass.getMethod("parse").invoke(parser);
    } catch (ReflectiveOperationException e) {
      throw e;
    } catch (Exception close) {
      throw new InvocationTargetException(close);
    }
    Class<?> runInfoClass = runInfo.getClass();
    long runStart = (long) runInfoClass.getMethod("runStart").invoke(runInfo);
    long injectStart = (long) runInfoClass.getMethod("injectStart").invoke(runInfo);
    long injectEnd = (long) runInfoClass.getMethod("injectEnd").invoke(runInfo);
    String simulation = (String) runInfoClass.getMethod("simulationClassName").invoke(runInfo);
    String description = (String) runInfoClass.getMethod("runDescription").invoke(runInfo);

    byte run = header(gatling, "Run");
    byte user = header(gatling, "User");
    byte request = header(gatling, "Request");
    byte group = header(gatling, "Group");
    byte error = header(gatling, "Error");
    Class<?> secondPass = gatling.loadClass(STATS + "SecondPassParser");
    List<Request> requests = new ArrayList<>();
    long usersStarted = 0;
    Object parser = secondPass.getConstructor(File.class, runInfoClass, double.class, int.class, int.class)
        .newInstance(file, runInfo, 1000.0, 800, 1200);
    try {
      Method read = secondPass.getMethod("read");
      Method skipRun = privateMethod(secondPass, "skipRunRecord");
      Method parseUser = privateMethod(secondPass, "parseUserRecord");
      Method parseRequest = privateMethod(secondPass, "parseRequestRecord");
      Method parseGroup = privateMethod(secondPass, "parseGroupRecord");
      Method parseError = privateMethod(secondPass, "parseErrorRecord");
      Class<?> userRecord = gatling.loadClass(STATS + "UserRecord");
      Method event = userRecord.getMethod("event");
      Object startEvent = gatling.loadClass("io.gatling.core.stats.message.MessageEvent$Start$")
          .getField("MODULE$").get(null);
      Class<?> requestRecord = gatling.loadClass(STATS + "RequestRecord");
      Method name = requestRecord.getMethod("name");
      Method status = requestRecord.getMethod("status");
      Method start = requestRecord.getMethod("start");
      Method responseTime = requestRecord.getMethod("responseTime");
      Method incoming = requestRecord.getMethod("incoming");
      Object ok = gatling.loadClass("io.gatling.commons.stats.OK$").getField("MODULE$").get(null);
      skipRun.invoke(parser);
      while (true) {
        int next = (int) read.invoke(parser);
        if (next == -1) {
          break;
        }
        byte kind = (byte) next;
        if (kind == user) {
          if (event.invoke(parseUser.invoke(parser)) == startEvent) {
            usersStarted++;
          }
        } else if (kind == request) {
          Object record = parseRequest.invoke(parser);
          if (!(boolean) incoming.invoke(record)) {
            long sent = (long) start.invoke(record);
            requests.add(new Request((String) name.invoke(record), sent,
                sent + (int) responseTime.invoke(record), status.invoke(record) == ok));
          }
        } else if (kind == group) {
          parseGroup.invoke(parser);
        } else if (kind == error) {
          parseError.invoke(parser);
        } else if (kind == run) {
          skipRun.invoke(parser);
        } else {
          throw new InvocationTargetException(new IOException("unknown record kind " + kind));
        }
      }
    } finally {
      secondPass.getMethod("close").invoke(parser);
    }
    return new SimulationLog(simulation, description, runStart, injectStart, injectEnd, usersStarted, requests);
  }

  private static byte header(ClassLoader gatling, String kind) throws ReflectiveOperationException {
    Class<?> type = gatling.loadClass(HEADER + kind + "$");
    Object header = type.getField("MODULE$").get(null);
    return (byte) type.getMethod("value").invoke(header);
  }

  private static Method privateMethod(Class<?> type, String name) throws NoSuchMethodException {
    Method method = type.getDeclaredMethod(name);
    method.setAccessible(true); // Gatling's jars are plain class-path jars: nothing to open
    return method;
  }

  private static URLClassLoader loader(List<Path> classpath) {
    URL[] urls = classpath.stream().map(path -> {
      try {
        return path.toUri().toURL();
      } catch (MalformedURLException e) {
        throw new IllegalArgumentException(e);
      }
    }).toArray(URL[]::new);
    return new URLClassLoader("gatling-log-reader", urls, ClassLoader.getPlatformClassLoader());
  }

  /** The simulation.log files below {@code directory} (a report directory, or one holding several). */
  public static List<Path> findBelow(Path directory) throws IOException {
    try (Stream<Path> files = Files.walk(directory, 4)) {
      return files.filter(file -> file.getFileName().toString().equals(FILE_NAME)).sorted().toList();
    }
  }
}
