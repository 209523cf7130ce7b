package dev.ioloop.http.conformance;

import dev.ioloop.api.server.LabServer;
import dev.ioloop.api.server.ServerStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a server holds that a leak would grow, seen from inside its JVM, the server's own and not its test's: open file
 * descriptors (sockets among them) less the test clients' ends of connections to the server, the live threads
 * (platform and virtual) whose names carry the engine's prefix ({@code reactor-}, {@code loom-}, {@code jetty-}), the
 * server's live virtual threads, its open client connections and requests in flight. (Counted over the whole JVM, a
 * leak of the server's could hide behind the clients' sockets and threads going away meanwhile.)
 */
record ResourceUse(long serverFiles, int serverThreads, long virtualThreads, long openConnections, long inFlight) {
  private static final Path OWN_FILES = Path.of("/proc/self/fd");

  static ResourceUse of(LabServer server) {
    ServerStats stats = server.stats();
    int port = server.address().getPort();
    return new ResourceUse(countOpenFiles() - socketsOn(inodes(port, false)), engineThreads(server),
        stats.threads().virtualAlive(), stats.openConnections(), stats.inFlight());
  }

  private static int engineThreads(LabServer server) {
    try {
      return LiveThreads.named(server.engine().id() + "-").size();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Waits until what {@code server} holds is back within {@code slack} of {@code baseline} (connections and requests
   * exactly: a request whose client reset may still run to its end),
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
    return serverFiles <= baseline.serverFiles + slack
        && serverThreads <= baseline.serverThreads + slack
        && virtualThreads <= baseline.virtualThreads + slack
        && openConnections <= baseline.openConnections
        && inFlight <= baseline.inFlight;
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

  private static String link(Path descriptor) {
    try {
      return Files.readSymbolicLink(descriptor).toString();
    } catch (IOException closedMeanwhile) {
      return "closed";
    }
  }

  private static String kind(Path descriptor) {
    try {
      return Files.readSymbolicLink(descriptor).toString().replaceAll(":\\[\\d+]$", "");
    } catch (IOException closedMeanwhile) {
      return "closed";
    }
  }

  /**
   * The sockets of this JVM whose local port is {@code server}'s: its listening socket and the connections it
   * accepted and still holds open (not the clients' ends, whose local ports are others), from /proc/net/tcp{,6}.
   */
  static int serverSockets(LabServer server) {
    return socketsOn(inodes(server.address().getPort(), true));
  }

  /**
   * The inodes of the TCP sockets whose local ({@code local}) or remote port is {@code port}, from /proc/net/tcp{,6}:
   * the server's own sockets, or the ends of its clients.
   */
  private static Set<String> inodes(int port, boolean local) {
    Set<String> inodes = new HashSet<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      try {
        List<String> lines = Files.readAllLines(Path.of(table));
        for (String line : lines.subList(1, lines.size())) {
          String[] fields = line.trim().split("\\s+");
          String address = fields[local ? 1 : 2];
          if (Integer.parseInt(address.substring(address.indexOf(':') + 1), 16) == port && !"0".equals(fields[9])) {
            inodes.add(fields[9]);
          }
        }
      } catch (IOException missing) {
        // no IPv6 table: nothing listed there
      }
    }
    return inodes;
  }

  /** How many of this JVM's file descriptors are the sockets {@code inodes}. */
  private static int socketsOn(Set<String> inodes) {
    try (Stream<Path> files = Files.list(OWN_FILES)) {
      return (int) files.map(ResourceUse::link)
          .filter(link -> link.startsWith("socket:[") && inodes.contains(link.substring(8, link.length() - 1)))
          .count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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
