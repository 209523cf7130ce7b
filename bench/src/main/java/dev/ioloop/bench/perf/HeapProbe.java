package dev.ioloop.bench.perf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live heap of a server JVM: jcmd's {@code GC.run} (a full collection) and then {@code GC.heap_info}, whose
 * "used" is what survived it. Also its resident set size, the memory the kernel gives it (heap, stacks, direct
 * buffers, code).
 */
final class HeapProbe {
  private static final Pattern USED = Pattern.compile("used (\\d+)K");

  private HeapProbe() {}

  /** One look at a process: live heap after a full GC, and RSS, bytes. */
  record Footprint(long liveHeapBytes, long residentBytes) {}

  static Footprint measure(long pid) throws IOException, InterruptedException {
    jcmd(pid, "GC.run");
    Matcher used = USED.matcher(jcmd(pid, "GC.heap_info"));
    if (!used.find()) {
      throw new IOException("jcmd GC.heap_info said nothing about 'used' for pid " + pid);
    }
    return new Footprint(Long.parseLong(used.group(1)) * 1024, ProcFs.residentBytes(pid));
  }

  private static String jcmd(long pid, String command) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process process = new ProcessBuilder(List.of(jcmd.toString(), String.valueOf(pid), command))
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IOException("jcmd " + pid + " " + command + " failed:\n" + output);
    }
    return output;
  }
}
