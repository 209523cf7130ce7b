package dev.ioloop.bench.perf;

import dev.ioloop.tooling.cpu.CpuPartition;
import dev.ioloop.tooling.process.ServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./ioloop bench --spread}: what partitioning the cores does to the spread of the figures. Each server runs
 * twice at once, one JVM pinned to the server's CPUs (its usual port) and one on every core (its port plus
 * {@link #SHARED_PORT_OFFSET}), so that rounds can alternate partitioned, shared, partitioned, ... without a restart
 * between them: a restart would put a cold JIT into every round, or a warm-up into every round that the time limit
 * has no room for; the idle twin costs next to nothing.
 */
final class SpreadRun {
  /** The scenarios of the spread: the CPU-bound one, and the one that waits with the most connections. */
  static final List<Scenario> SCENARIOS = List.of(Scenario.HELLO, Scenario.SLEEP_5000);
  /** The shared JVM of a server listens this far above the pinned one (9281, 9282, ...). */
  static final int SHARED_PORT_OFFSET = 100;

  /** How the cores were used in a round. */
  enum Mode {
    PARTITIONED, SHARED;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * How long and how often.
   *
   * @param servers      the servers, in the order each round runs them
   * @param rounds       rounds of each mode, alternating
   * @param runLength    one measured wrk run
   * @param warmUpLength the warm-up run of each scenario on each JVM
   */
  record Plan(List<Server> servers, int rounds, Duration runLength, Duration warmUpLength) {
    /** Under 8 minutes with two servers: 5 x 2 modes x 2 servers x 2 scenarios x 8 s, the warm-ups, the starts. */
    static Plan full(List<Server> servers) {
      return new Plan(servers, 5, Duration.ofSeconds(8), Duration.ofSeconds(5));
    }

    /** A short look: about two minutes. */
    static Plan quick(List<Server> servers) {
      return new Plan(servers, 3, Duration.ofSeconds(3), Duration.ofSeconds(2));
    }

    /** {@code 5 rounds of 8 s runs}. */
    String describe() {
      return rounds + " rounds of " + runLength.toSeconds() + " s runs";
    }
  }

  private final Plan plan;
  private final Map<Mode, CpuPartition> cpus = new EnumMap<>(Mode.class);
  private final Map<Mode, Wrk> wrk = new EnumMap<>(Mode.class);
  private final Launcher launcher;
  private final Map<Mode, Results> results = new EnumMap<>(Mode.class);

  /** {@code partitioned}: the cores of the partitioned rounds; the shared ones use them all. */
  SpreadRun(Plan plan, CpuPartition partitioned, Launcher launcher) {
    this.plan = plan;
    cpus.put(Mode.PARTITIONED, partitioned);
    cpus.put(Mode.SHARED, CpuPartition.SHARED);
    for (Mode mode : Mode.values()) {
      wrk.put(mode, launcher.wrk(cpus.get(mode)));
      results.put(mode, new Results());
    }
    this.launcher = launcher;
  }

  Map<Mode, Results> results() {
    return results;
  }

  void run() throws IOException, InterruptedException {
    Wrk.requireInstalled();
    Files.createDirectories(launcher.workDirectory());
    Map<Mode, List<ServerProcess>> running = new EnumMap<>(Mode.class);
    try {
      for (Mode mode : Mode.values()) {
        running.put(mode, new ArrayList<>());
        for (Server server : plan.servers()) {
          int port = server.port + (mode == Mode.SHARED ? SHARED_PORT_OFFSET : 0);
          running.get(mode).add(launcher.start(server, cpus.get(mode), port, "spread-" + mode.label(), List.of()));
        }
      }
      launcher.progress().accept("warm-up: one " + plan.warmUpLength().toSeconds()
          + " s run of each scenario on each JVM");
      for (Mode mode : Mode.values()) {
        round(mode, running.get(mode), plan.warmUpLength(), false);
      }
      for (int round = 1; round <= plan.rounds(); round++) {
        for (Mode mode : Mode.values()) {
          round(mode, running.get(mode), plan.runLength(), true);
        }
        launcher.progress().accept("round " + round + " of " + plan.rounds() + " done (partitioned, then shared)");
      }
    } finally {
      running.values().forEach(servers -> servers.forEach(ServerProcess::close));
    }
  }

  private void round(Mode mode, List<ServerProcess> servers, Duration length, boolean kept)
      throws IOException, InterruptedException {
    for (Scenario scenario : SCENARIOS) {
      for (ServerProcess server : servers) {
        Results.Sample sample = Measurement.run(wrk.get(mode), server, scenario, length);
        launcher.progress().accept(Measurement.line(server.name() + " " + mode.label(), scenario, sample));
        if (kept) {
          results.get(mode).add(scenario, Server.named(server.name()), sample);
        }
      }
    }
  }
}
