package dev.ioloop.http.conformance;

import dev.ioloop.api.server.LabServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a server holds that a leak would grow, seen from inside its JVM: open file descriptors (sockets among them),
 * live platform threads, the server's live virtual threads and its open client connections.
 */
record ResourceUse(long openFiles, int platformThreads, long virtualThreads, long openConnections) {
  private static final Path OWN_FILES = Path.of("/proc/self/fd");

  static ResourceUse of(LabServer server) {
    return new ResourceUse(countOpenFiles(), ManagementFactory.getThreadMXBean().getThreadCount(),
        server.stats().threads().virtualAlive(), server.stats().openConnections());
  }

  /**
   * Waits until what {@code server} holds is back within {@code slack} of {@code baseline} (connections exactly),
   * and returns the last reading, for the caller to assert on: sockets take a moment to close, threads to end.
   */
  static ResourceUse settle(LabServer server, ResourceUse baseline, int slack, Duration patience)
      throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    ResourceUse now = of(server);
    while (!now.within(baseline, slack) && System.nanoTime() < deadline) {
      Thread.sleep(100);
      now = of(server);
    }
    return now;
  }

  boolean within(ResourceUse baseline, int slack) {
    return openFiles <= baseline.openFiles + slack
        && platformThreads <= baseline.platformThreads + slack
        && virtualThreads <= baseline.virtualThreads + slack
        && openConnections <= baseline.openConnections;
  }

  /** The open files by kind ({@code socket}, {@code pipe}, {@code anon_inode:[eventpoll]}, a path): what leaked. */
  static Map<String, Long> openFilesByKind() {
    try (Stream<Path> files = Files.list(OWN_FILES)) {
      return files.map(ResourceUse::kind).collect(Collectors.groupingBy(kind -> kind, TreeMap::new,
          Collectors.counting()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String kind(Path descriptor) {
    try {
      return Files.readSymbolicLink(descriptor).toString().replaceAll(":\\[\\d+]$", "");
    } catch (IOException closedMeanwhile) {
      return "closed";
    }
  }

  private static long countOpenFiles() {
    try (Stream<Path> files = Files.list(OWN_FILES)) {
      return files.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
