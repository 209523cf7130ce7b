package dev.ioloop.app;

import dev.ioloop.tooling.cpu.CpuPartition;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Where the servers and the load generator run, the same options in {@code demo} and {@code load}: disjoint CPU
 * sets (taskset), so that Gatling's own work does not take the server's cores and what a row measures is the
 * server; or shared, as on a laptop.
 */
final class CpuOptions {
  @Option(names = "--server-cpus", paramLabel = "LIST",
      description = "the servers' CPUs, as taskset -c takes them (0, 0-1, 0,2-3); give --load-cpus too, disjoint")
  String serverCpus;

  @Option(names = "--load-cpus", paramLabel = "LIST",
      description = "the load generator's CPUs (Gatling, and the backend it needs); give --server-cpus too")
  String loadCpus;

  @Option(names = "--shared-cpus",
      description = "servers and load generator share every core: no taskset (on one core the only choice)")
  boolean shared;

  /**
   * The partition these options ask for; without any of them, {@code unset}. A bad list, an overlap, one list
   * without the other or a list beside --shared-cpus is a usage error of {@code commandLine}.
   */
  CpuPartition partition(CommandLine commandLine, CpuPartition unset) {
    boolean listed = serverCpus != null || loadCpus != null;
    if (shared && listed) {
      throw new ParameterException(commandLine, "--shared-cpus pins nothing: give it or --server-cpus/--load-cpus,"
          + " not both");
    }
    try {
      return shared ? CpuPartition.SHARED : listed ? CpuPartition.of(serverCpus, loadCpus) : unset;
    } catch (IllegalArgumentException e) {
      throw new ParameterException(commandLine, e.getMessage(), e);
    }
  }

  /** These options again, for a child command (an injector of {@code load --injectors}). */
  List<String> childArguments() {
    List<String> args = new ArrayList<>();
    if (serverCpus != null) {
      args.addAll(List.of("--server-cpus", serverCpus));
    }
    if (loadCpus != null) {
      args.addAll(List.of("--load-cpus", loadCpus));
    }
    if (shared) {
      args.add("--shared-cpus");
    }
    return args;
  }

  /** Whether the servers' CPUs were asked for: {@code load} cannot pin a server on another machine. */
  boolean serverCpusGiven() {
    return serverCpus != null;
  }
}
