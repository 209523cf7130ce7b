package dev.ioloop.tooling.cpu;

import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * Where a measurement runs: the server under test on one set of CPUs, the load generator (and the downstream it
 * needs) on another, disjoint one; or everything shared, as on a laptop. On this lab's 2-core machine the default is
 * the server on CPU 0 and the load on CPU 1.
 *
 * @param server where the server runs; empty when the cores are shared
 * @param load   where the load generator runs; empty when the cores are shared
 */
public record CpuPartition(Optional<CpuSet> server, Optional<CpuSet> load) {
  public static final CpuPartition SHARED = new CpuPartition(Optional.empty(), Optional.empty());

  public CpuPartition {
    if (server.isPresent() != load.isPresent()) {
      throw new IllegalArgumentException("give both the server's CPUs and the load's, or neither");
    }
    if (server.isPresent() && server.get().overlaps(load.get())) {
      throw new IllegalArgumentException("the server's CPUs (" + server.get() + ") and the load's (" + load.get()
          + ") overlap: they must be disjoint");
    }
    CpuSet available = CpuSet.available();
    for (CpuSet set : server.stream().toList()) {
      requireWithin(set, available);
    }
    for (CpuSet set : load.stream().toList()) {
      requireWithin(set, available);
    }
  }

  private static void requireWithin(CpuSet set, CpuSet available) {
    if (!set.within(available)) {
      throw new IllegalArgumentException("CPUs " + set + " are not all available here: this machine offers "
          + available);
    }
  }

  /**
   * The first half of the available CPUs (rounded down, at least one) for the server, the rest for the load; shared
   * when there is only one CPU.
   */
  public static CpuPartition halves() {
    CpuSet available = CpuSet.available();
    if (available.size() < 2) {
      return SHARED;
    }
    BitSet server = new BitSet();
    BitSet load = new BitSet();
    int index = 0;
    for (int cpu = available.cpus().nextSetBit(0); cpu >= 0; cpu = available.cpus().nextSetBit(cpu + 1)) {
      (index++ < available.size() / 2 ? server : load).set(cpu);
    }
    return new CpuPartition(Optional.of(new CpuSet(server)), Optional.of(new CpuSet(load)));
  }

  /** From the options {@code --server-cpus} and {@code --load-cpus} (null when not given): both, or neither. */
  public static CpuPartition of(String serverCpus, String loadCpus) {
    return new CpuPartition(Optional.ofNullable(serverCpus).map(CpuSet::parse),
        Optional.ofNullable(loadCpus).map(CpuSet::parse));
  }

  /** {@code command} pinned to the server's CPUs, or as it is when the cores are shared. */
  public List<String> onServerCpus(List<String> command) {
    return server.map(cpus -> cpus.pin(command)).orElse(command);
  }

  /** {@code command} pinned to the load generator's CPUs, or as it is when the cores are shared. */
  public List<String> onLoadCpus(List<String> command) {
    return load.map(cpus -> cpus.pin(command)).orElse(command);
  }

  public boolean partitioned() {
    return server.isPresent();
  }

  /** A line for a report: where each side ran. */
  public String describe() {
    return partitioned()
        ? "server on CPU " + server.get() + ", load generator on CPU " + load.get() + " (taskset; disjoint)"
        : "server and load generator share every core";
  }
}
