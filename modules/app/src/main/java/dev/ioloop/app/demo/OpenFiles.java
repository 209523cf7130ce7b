package dev.ioloop.app.demo;

import dev.ioloop.app.report.StatsSample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** How many files (sockets, pipes, jars...) a process holds open: the entries of Linux's {@code /proc/PID/fd}. */
final class OpenFiles {
  private OpenFiles() {}

  /** The count, or {@link StatsSample#NOT_COUNTED} where there is no such directory. */
  static long of(ProcessHandle process) {
    try (Stream<Path> descriptors = Files.list(Path.of("/proc", Long.toString(process.pid()), "fd"))) {
      return descriptors.count();
    } catch (IOException | SecurityException notLinuxOrGone) {
      return StatsSample.NOT_COUNTED;
    }
  }
}
