package dev.ioloop.app.load;

import dev.ioloop.tooling.cli.MissingEnvironmentException;
import dev.ioloop.tooling.cpu.CpuSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code load --server-cpus}: moves the server that listens on the target's port of this machine, every thread of
 * it, onto the server's CPUs ({@code taskset -a -p}). Its thread pools were sized when it started; a server started
 * under {@code taskset -c LIST} from the start sizes them to these CPUs.
 */
public final class ServerPinning {
  private static final String LISTEN = "0A";
  private static final List<Path> SOCKET_TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));

  private ServerPinning() {}

  /** Pins the process listening on {@code port} to {@code cpus}; its pid. */
  public static long pin(int port, CpuSet cpus) throws IOException, InterruptedException {
    long pid = listener(port).orElseThrow(() -> new MissingEnvironmentException("no process of this machine that"
        + " this user can see listens on port " + port + ", so its CPUs cannot be set",
        "start the server under taskset -c " + cpus + " yourself, and leave out --server-cpus"));
    cpus.pinRunning(pid);
    return pid;
  }

  /** The process with a socket listening on {@code port} (IPv4 or IPv6), from /proc. */
  static Optional<Long> listener(int port) throws IOException {
    String portHex = HexFormat.of().withUpperCase().toHexDigits((short) port);
    for (Path table : SOCKET_TABLES) {
      if (!Files.isReadable(table)) {
        continue;
      }
      for (String line : Files.readAllLines(table)) {
        String[] fields = line.strip().split("\\s+");
        // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
        if (fields.length > 9 && fields[1].endsWith(":" + portHex) && fields[3].equals(LISTEN)) {
          Optional<Long> owner = owner("socket:[" + fields[9] + "]");
          if (owner.isPresent()) {
            return owner;
          }
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<Long> owner(String socket) throws IOException {
    try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
      for (Path process : processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .toList()) {
        try (Stream<Path> descriptors = Files.list(process.resolve("fd"))) {
          for (Path fd : descriptors.toList()) {
            if (socket.equals(readLink(fd))) {
              return Optional.of(Long.parseLong(process.getFileName().toString()));
            }
          }
        } catch (IOException goneOrForbidden) {
          // a process that exited meanwhile, or another user's
        }
      }
    }
    return Optional.empty();
  }

  private static String readLink(Path fd) {
    try {
      return Files.readSymbolicLink(fd).toString();
    } catch (IOException | UnsupportedOperationException closed) {
      return "";
    }
  }
}
