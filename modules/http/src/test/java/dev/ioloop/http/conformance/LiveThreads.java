package dev.ioloop.http.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.HotSpotDiagnosticMXBean.ThreadDumpFormat;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The JVM's live threads by name, virtual ones included: {@code Thread.getAllStackTraces()} leaves virtual threads
 * out, a JSON thread dump lists them.
 */
public final class LiveThreads {
  private static final Pattern NAME = Pattern.compile("\"name\": \"([^\"]*)\"");

  private LiveThreads() {}

  public static List<String> named(String prefix) throws IOException {
    Path dir = Files.createTempDirectory("threads");
    Path dump = dir.resolve("threads.json");
    try {
      ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
          .dumpThreads(dump.toString(), ThreadDumpFormat.JSON);
      return NAME.matcher(Files.readString(dump)).results()
          .map(match -> match.group(1))
          .filter(name -> name.startsWith(prefix))
          .toList();
    } finally {
      Files.deleteIfExists(dump);
      Files.delete(dir);
    }
  }

  /** Waits until no thread's name starts with {@code prefix}; a stopped thread needs a moment to end. */
  public static void awaitNone(String prefix, Duration patience) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    List<String> alive;
    while (!(alive = named(prefix)).isEmpty()) {
      if (System.nanoTime() > deadline) {
        fail("still alive after " + patience + ": " + alive);
      }
      Thread.sleep(20);
    }
  }
}
