package dev.ioloop.tooling.cpu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A set of CPUs a process is pinned to, written as Linux writes it ({@code 0-3,6}): a server and its load generator
 * on disjoint sets do not fight for the same cores, so what one measures is the other's work, not the scheduler's.
 * A process started through {@link #pin} runs under {@code taskset}; the JVM then sees only these cores (its
 * {@code availableProcessors()}, and so its thread pools, follow the affinity).
 */
public record CpuSet(BitSet cpus) {
  private static final Path TASKSET = Path.of("/usr/bin/taskset");

  public CpuSet {
    if (cpus.isEmpty()) {
      throw new IllegalArgumentException("a CPU set needs at least one CPU");
    }
    cpus = (BitSet) cpus.clone();
  }

  /** Parses a list such as {@code 1}, {@code 0-1} or {@code 0,2-3}, as {@code taskset -c} takes it. */
  public static CpuSet parse(String list) {
    BitSet cpus = new BitSet();
    for (String part : list.strip().split(",", -1)) {
      String[] range = part.strip().split("-", -1);
      try {
        int first = Integer.parseInt(range[0].strip());
        int last = range.length == 2 ? Integer.parseInt(range[1].strip()) : first;
        if (range.length > 2 || first < 0 || last < first) {
          throw new NumberFormatException();
        }
        cpus.set(first, last + 1);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + list + "' is not a CPU list: write it as taskset -c takes it, "
            + "such as 0, 0-1 or 0,2-3");
      }
    }
    return new CpuSet(cpus);
  }

  /** The CPUs this process may run on (its own affinity, from /proc/self/status). */
  public static CpuSet available() {
    try {
      return Files.readAllLines(Path.of("/proc/self/status")).stream()
          .filter(line -> line.startsWith("Cpus_allowed_list:"))
          .map(line -> parse(line.substring(line.indexOf(':') + 1)))
          .findFirst().orElseGet(CpuSet::ofRuntime);
    } catch (IOException | IllegalArgumentException notLinux) {
      return ofRuntime();
    }
  }

  private static CpuSet ofRuntime() {
    BitSet cpus = new BitSet();
    cpus.set(0, Runtime.getRuntime().availableProcessors());
    return new CpuSet(cpus);
  }

  public int size() {
    return cpus.cardinality();
  }

  public boolean overlaps(CpuSet other) {
    return cpus.intersects(other.cpus);
  }

  /** Whether every CPU of this set is also in {@code other}. */
  public boolean within(CpuSet other) {
    BitSet outside = (BitSet) cpus.clone();
    outside.andNot(other.cpus);
    return outside.isEmpty();
  }

  /** {@code command} run on these CPUs only: prefixed with {@code taskset -c LIST}. */
  public List<String> pin(List<String> command) {
    List<String> pinned = new ArrayList<>(List.of(taskset(), "-c", toString()));
    pinned.addAll(command);
    return pinned;
  }

  /**
   * Moves the running process {@code pid}, every thread of it, onto these CPUs ({@code taskset -a -p}). Its thread
   * pools keep the size they were given at start.
   */
  public void pinRunning(long pid) throws IOException, InterruptedException {
    Process pinning = new ProcessBuilder(taskset(), "-a", "-p", "-c", toString(), Long.toString(pid))
        .redirectErrorStream(true).start();
    String output = new String(pinning.getInputStream().readAllBytes()).strip();
    if (pinning.waitFor() != 0) {
      throw new IOException("taskset could not move pid " + pid + " to CPU " + this + ": " + output);
    }
  }

  private static String taskset() {
    if (!Files.isExecutable(TASKSET)) {
      throw new UncheckedIOException(new IOException(TASKSET + " is missing (Debian package util-linux)"));
    }
    return TASKSET.toString();
  }

  /** The list as {@code taskset -c} takes it, ranges joined: {@code 0-1,3}. */
  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    for (int first = cpus.nextSetBit(0); first >= 0; ) {
      int end = cpus.nextClearBit(first); // one past the range
      parts.add(end - 1 == first ? String.valueOf(first) : first + "-" + (end - 1));
      first = cpus.nextSetBit(end);
    }
    return parts.stream().collect(Collectors.joining(","));
  }
}
