package dev.ioloop.bench.perf;

import dev.ioloop.tooling.cli.MissingEnvironmentException;
import dev.ioloop.tooling.cpu.CpuPartition;
import dev.ioloop.tooling.cpu.CpuSet;
import dev.ioloop.tooling.process.ChildProcesses;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * wrk, the load generator: on the load's CPUs of its {@link CpuPartition} (every core when they are shared), one
 * thread per CPU it runs on, keep-alive connections, the latency distribution on. Its text output is parsed here; a
 * line it did not print counts zero.
 */
final class Wrk {
  static final Path BINARY = Path.of("/usr/bin/wrk");
  private static final Pattern REQUESTS_PER_SECOND = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
  private static final Pattern P99 = Pattern.compile("^\\s+99%\\s+([\\d.]+)(us|ms|s|m)\\s*$", Pattern.MULTILINE);
  private static final Pattern SOCKET_ERRORS =
      Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
  private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");
  private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");

  private final Path workDirectory;
  private final ChildProcesses processes;
  private final CpuPartition cpus;
  private final int threads;

  Wrk(Path workDirectory, ChildProcesses processes, CpuPartition cpus) {
    this.workDirectory = workDirectory;
    this.processes = processes;
    this.cpus = cpus;
    this.threads = threads(cpus);
  }

  /** One thread per CPU wrk may run on: more would only take turns on the same cores. */
  static int threads(CpuPartition cpus) {
    return cpus.load().orElseGet(CpuSet::available).size();
  }

  /** What one wrk run measured; {@code requests}: how many were answered. */
  record Result(long requests, double requestsPerSecond, double p99Millis, long errors) {}

  /** wrk must be there before anything starts: say how to get it, plainly. */
  static void requireInstalled() {
    if (!Files.isExecutable(BINARY)) {
      throw new MissingEnvironmentException("wrk is not installed (" + BINARY + " is missing): the bench drives every"
          + " server with it", "install the Debian package 'wrk' (apt-get install wrk) and run again");
    }
  }

  /** Runs wrk against {@code url} and waits for its figures. */
  Result run(URI url, int connections, Duration duration, Duration timeout)
      throws IOException, InterruptedException {
    return start(url, connections, duration, timeout).await();
  }

  /** Starts wrk and returns at once: the memory scenario measures the server while wrk's requests are in flight. */
  Running start(URI url, int connections, Duration duration, Duration timeout) throws IOException {
    List<String> command = cpus.onLoadCpus(List.of(BINARY.toString(), "-t" + threads, "-c" + connections,
        "-d" + duration.toSeconds() + "s", "--timeout", timeout.toSeconds() + "s", "--latency", url.toString()));
    Path output = Files.createTempFile(workDirectory, "wrk-", ".txt");
    return new Running(processes, processes.start(command, output), output,
        duration.plus(timeout).plusSeconds(60));
  }

  /** A wrk run under way; its figures once it has finished. */
  record Running(ChildProcesses processes, Process process, Path output, Duration limit) {
    Result await() throws IOException, InterruptedException {
      processes.awaitExit(process, limit);
      return parse(Files.readString(output));
    }

    /** Ends the run early (the memory scenario has what it needs); its figures are not wanted. */
    void stop() {
      processes.stop(process);
    }
  }

  static Result parse(String output) {
    Matcher rate = REQUESTS_PER_SECOND.matcher(output);
    if (!rate.find()) {
      throw new IllegalStateException("wrk printed no Requests/sec:\n" + output);
    }
    Matcher p99 = P99.matcher(output);
    double p99Millis = p99.find() ? millis(Double.parseDouble(p99.group(1)), p99.group(2)) : Double.NaN;
    long errors = 0;
    Matcher socket = SOCKET_ERRORS.matcher(output);
    if (socket.find()) {
      for (int group = 1; group <= 4; group++) {
        errors += Long.parseLong(socket.group(group));
      }
    }
    Matcher non2xx = NON_2XX.matcher(output);
    if (non2xx.find()) {
      errors += Long.parseLong(non2xx.group(1));
    }
    Matcher requests = REQUESTS.matcher(output);
    return new Result(requests.find() ? Long.parseLong(requests.group(1)) : 0, Double.parseDouble(rate.group(1)),
        p99Millis, errors);
  }

  private static double millis(double value, String unit) {
    return switch (unit) {
      case "us" -> value / 1000;
      case "ms" -> value;
      case "s" -> value * 1000;
      default -> value * 60_000; // "m": minutes
    };
  }
}
