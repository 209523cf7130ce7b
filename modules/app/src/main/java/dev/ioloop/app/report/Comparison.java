package dev.ioloop.app.report;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Runs side by side: for each scenario, each server's run. Scenarios and servers keep the order in which their
 * first run was given, so a demo's table reads in the order it ran.
 */
public record Comparison(List<ServerRun> runs) {
  public Comparison {
    runs = List.copyOf(runs);
  }

  /**
   * The comparison of these runs. A second run of the same server and scenario (a repeat, to see the noise) is
   * kept, labelled "server #2", rather than hiding one of the two.
   */
  public static Comparison of(List<ServerRun> runs) {
    List<ServerRun> labelled = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (ServerRun run : runs) {
      String server = run.server();
      for (int repeat = 2; !seen.add(run.scenario() + "\n" + server); repeat++) {
        server = run.server() + " #" + repeat;
      }
      labelled.add(server.equals(run.server()) ? run : run.relabelled(server));
    }
    return new Comparison(labelled);
  }

  public List<String> scenarios() {
    return runs.stream().map(ServerRun::scenario).distinct().toList();
  }

  public List<String> servers() {
    return runs.stream().map(ServerRun::server).distinct().toList();
  }

  /** The scenario's runs, in server order. */
  public List<ServerRun> runsOf(String scenario) {
    return servers().stream().map(server -> run(scenario, server)).flatMap(Optional::stream).toList();
  }

  public Optional<ServerRun> run(String scenario, String server) {
    return runs.stream().filter(run -> run.scenario().equals(scenario) && run.server().equals(server)).findFirst();
  }
}
