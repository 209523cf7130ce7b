package dev.ioloop.bench.perf;

import dev.ioloop.tooling.cpu.CpuPartition;
import dev.ioloop.tooling.cpu.CpuSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What a report says of the machine a run was made on, and of the cores each side of a run had. */
final class Machine {
  private Machine() {}

  /** {@code AMD EPYC, 2 cores, 23 GiB RAM, Linux 6.1}. */
  static String describe() throws IOException {
    return cpuModel() + ", " + plural(CpuSet.available().size(), "core") + ", " + memTotal() + " RAM, Linux "
        + System.getProperty("os.version");
  }

  /** Where the servers and the load ran, wrk's threads, and the cores each server JVM sees. */
  static String cores(CpuPartition cpus) {
    int serverCores = cpus.server().orElseGet(CpuSet::available).size();
    String load = "wrk with " + plural(Wrk.threads(cpus), "thread") + (cpus.partitioned()
        ? " (one per load CPU), and the /api/noblock backend beside it, on the load's side: it stands for the world"
            + " outside the server under test"
        : " (one per core), and the /api/noblock backend on the same cores");
    return cpus.describe() + "; " + load + "; " + plural(serverCores, "core") + " seen by each server JVM";
  }

  /** The 1-minute load average: how busy the shared machine was, the run's own load included. */
  static String loadAverage() throws IOException {
    return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
  }

  static String plural(int count, String noun) {
    return count + " " + noun + (count == 1 ? "" : "s");
  }

  private static String cpuModel() throws IOException {
    return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(line -> line.startsWith("model name"))
        .findFirst().map(line -> line.substring(line.indexOf(':') + 1).trim()).orElse("unknown CPU");
  }

  private static String memTotal() throws IOException {
    return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(line -> line.startsWith("MemTotal"))
        .findFirst().map(line -> Long.parseLong(line.replaceAll("\\D", "")) / (1024 * 1024) + " GiB").orElse("?");
  }
}
