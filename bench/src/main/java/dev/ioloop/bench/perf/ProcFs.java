package dev.ioloop.bench.perf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** What Linux's /proc says about a process and the loopback connections, read directly (no ss, no ps). */
final class ProcFs {
  /** In /proc/net/tcp, 01 is ESTABLISHED. */
  private static final String ESTABLISHED = "01";

  private ProcFs() {}

  /**
   * The CPU time a process has used, user and system, nanoseconds: fields 14 and 15 of /proc/PID/stat, in clock
   * ticks of 1/100 s (USER_HZ, which Linux fixes at 100 on every architecture the JDK runs on).
   */
  static long cpuNanos(long pid) throws IOException {
    return statCpuNanos(String.valueOf(pid), 11); // utime, stime: fields 14, 15 of the line
  }

  /**
   * The CPU time, user and system, of this process's children that have ended and been waited for (the JDK waits
   * for every child it started as soon as it exits): fields 16 and 17 of /proc/self/stat. Read before and after a
   * wrk run with no other child ending meanwhile, the difference is wrk's own CPU, all of it, though its
   * /proc/PID entry is gone by then.
   */
  static long endedChildrenCpuNanos() throws IOException {
    return statCpuNanos("self", 13); // cutime, cstime: fields 16, 17 of the line
  }

  /** Two adjacent tick counts of /proc/PROCESS/stat, {@code first} counted after the command name, summed. */
  private static long statCpuNanos(String process, int first) throws IOException {
    String stat = Files.readString(Path.of("/proc", process, "stat"));
    // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long ticks = Long.parseLong(fields[first]) + Long.parseLong(fields[first + 1]);
    return ticks * 10_000_000L;
  }

  /**
   * This process's soft limit on open files, which the servers and wrk it starts inherit (the launcher raises it to
   * the hard limit); {@link Long#MAX_VALUE} if unlimited.
   */
  static long openFileLimit() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
      if (line.startsWith("Max open files")) {
        String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
        return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
      }
    }
    throw new IOException("no 'Max open files' in /proc/self/limits");
  }

  /** The resident set size of a process, bytes ({@code VmRSS} in /proc/PID/status). */
  static long residentBytes(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
      }
    }
    throw new IOException("no VmRSS for pid " + pid);
  }

  /**
   * How many established connections have {@code port} as their local port: the server's side of each. Both
   * tables: a JVM's sockets are IPv6 ones (127.0.0.1 as ::ffff:127.0.0.1) unless it prefers IPv4.
   */
  static int establishedTo(int port) throws IOException {
    String localPortSuffix = ":" + String.format(Locale.ROOT, "%04X", port);
    int count = 0;
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      List<String> lines = Files.readAllLines(Path.of(table));
      for (String line : lines.subList(1, lines.size())) {
        String[] fields = line.trim().split("\\s+");
        if (fields[1].endsWith(localPortSuffix) && fields[3].equals(ESTABLISHED)) {
          count++;
        }
      }
    }
    return count;
  }
}
