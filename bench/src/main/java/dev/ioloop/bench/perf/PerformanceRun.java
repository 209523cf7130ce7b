package dev.ioloop.bench.perf;

import dev.ioloop.bench.perf.HeapProbe.Footprint;
import dev.ioloop.tooling.cpu.CpuPartition;
import dev.ioloop.tooling.process.ChildProcesses;
import dev.ioloop.tooling.process.ServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One bench run: every selected server as its own JVM on loopback, on the server's CPUs of a {@link CpuPartition}
 * (wrk and the backend on the load's), wrk against each in turn, round after round, the
 * order kept (A B A B ...) so that the machine's drift falls on all of them alike; then the memory scenario on a
 * fresh JVM of each. Every process it starts goes through its {@link Launcher}'s {@link ChildProcesses}, which stop
 * them all when they close, also on a failure or Ctrl-C.
 */
final class PerformanceRun {
  /** The memory scenario's wait: longer than the measurement, so every request is still in flight at the end. */
  private static final Duration LONG_SLEEP = Duration.ofSeconds(60);

  private final Settings settings;
  private final CpuPartition cpus;
  private final Launcher launcher;
  private final Wrk wrk;
  private final Results results = new Results();
  private final Map<Server, List<String>> byteDifferences = new EnumMap<>(Server.class);

  /** {@code cpus}: every server JVM on its server side; wrk and the backend on its load side. */
  PerformanceRun(Settings settings, CpuPartition cpus, Launcher launcher) {
    this.settings = settings;
    this.cpus = cpus;
    this.launcher = launcher;
    this.wrk = launcher.wrk(cpus);
  }

  Results results() {
    return results;
  }

  /** For each server but the first: how its /api/hello answer differs from the first server's. */
  Map<Server, List<String>> byteDifferences() {
    return byteDifferences;
  }

  @SuppressWarnings("try") // the backend is only held open for the run's length, and stopped after it
  void run() throws IOException, InterruptedException {
    Wrk.requireInstalled();
    Files.createDirectories(launcher.workDirectory());
    boolean needsBackend = settings.servers().stream().anyMatch(Server::servesNoblock);
    try (ServerProcess backend = needsBackend ? launcher.startBackend(cpus) : null;
         Running running = startAll()) {
      compareBytes(running.servers());
      launcher.progress().accept("warm-up: one " + settings.warmUpLength().toSeconds()
          + " s run of each scenario on each server");
      for (Scenario scenario : Scenario.values()) {
        for (ServerProcess server : running.servers()) {
          measure(scenario, server, settings.warmUpLength());
        }
      }
      for (int round = 1; round <= settings.rounds(); round++) {
        for (Scenario scenario : Scenario.values()) {
          for (ServerProcess server : running.servers()) {
            measure(scenario, server, settings.runLength())
                .ifPresent(result -> results.add(scenario, Server.named(server.name()), result));
          }
        }
        launcher.progress().accept("round " + round + " of " + settings.rounds() + " done");
      }
    }
    for (int round = 1; round <= settings.memoryRounds(); round++) {
      for (Server server : settings.servers()) {
        results.add(server, measureMemory(server));
      }
      launcher.progress().accept("memory round " + round + " of " + settings.memoryRounds() + " done");
    }
  }

  /** The selected servers, all listening at once; each round visits them in the same order. */
  private record Running(List<ServerProcess> servers) implements AutoCloseable {
    @Override
    public void close() {
      servers.forEach(ServerProcess::close);
    }
  }

  private Running startAll() throws IOException, InterruptedException {
    Running running = new Running(new ArrayList<>());
    try {
      for (Server server : settings.servers()) {
        running.servers().add(start(server, "wrk"));
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      running.close();
      throw e;
    }
    return running;
  }

  private ServerProcess start(Server server, String phase) throws IOException, InterruptedException {
    List<String> jvmFlags = settings.jfr()
        ? List.of("-XX:StartFlightRecording=filename="
            + launcher.workDirectory().resolve(server.label + "-" + phase + ".jfr")
            + ",settings=profile")
        : List.of();
    return launcher.start(server, cpus, server.port, phase, jvmFlags);
  }

  private void compareBytes(List<ServerProcess> servers) throws IOException {
    String reference = ResponseBytes.fetch(servers.getFirst().port(), Scenario.HELLO.target);
    for (ServerProcess server : servers.subList(1, servers.size())) {
      String answer = ResponseBytes.fetch(server.port(), Scenario.HELLO.target);
      List<String> differences = new ArrayList<>(ResponseBytes.differences(reference, answer));
      if (differences.isEmpty() && !ResponseBytes.sameOrder(reference, answer)) {
        differences.add("the same header lines in another order");
      }
      byteDifferences.put(Server.named(server.name()), differences);
    }
  }

  private Optional<Results.Sample> measure(Scenario scenario, ServerProcess server, Duration length)
      throws IOException, InterruptedException {
    Server kind = Server.named(server.name());
    if (!scenario.appliesTo(kind)) {
      return Optional.empty();
    }
    Results.Sample result = Measurement.run(wrk, server, scenario, length);
    launcher.progress().accept(Measurement.line(server.name(), scenario, result));
    return Optional.of(result);
  }

  /**
   * A fresh server, warmed, measured idle; then {@code memoryConnections} requests held in a long sleep and the
   * server measured again. What the requests added, divided by their number, is the cost of one waiting request.
   */
  private Results.Memory measureMemory(Server server) throws IOException, InterruptedException {
    try (ServerProcess process = start(server, "memory")) {
      wrk.run(process.url(Scenario.HELLO.target), Scenario.HELLO.connections, settings.warmUpLength(),
          Measurement.REQUEST_TIMEOUT);
      wrk.run(process.url("/api/sleep?ms=10"), 1_000, settings.warmUpLength(), Measurement.REQUEST_TIMEOUT);
      Footprint idle = HeapProbe.measure(process.pid());
      InFlightProbe.Held held = InFlightProbe.hold(wrk, process, settings.memoryConnections(), LONG_SLEEP);
      Footprint loaded = held.footprint();
      Results.Memory memory = held.growthOver(idle);
      launcher.progress().accept(String.format("  %-8s memory: %,d waiting requests, live heap %,d -> %,d KiB "
              + "(%,.0f B each), RSS %,d -> %,d KiB (%,.0f B each)", server.label, held.inFlight(),
          idle.liveHeapBytes() / 1024, loaded.liveHeapBytes() / 1024, memory.heapBytesPerRequest(),
          idle.residentBytes() / 1024, loaded.residentBytes() / 1024, memory.residentBytesPerRequest()));
      return memory;
    }
  }
}
