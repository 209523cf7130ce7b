package dev.ioloop.app;

import dev.ioloop.api.server.Engine.Model;
import dev.ioloop.api.MeasuredLoop;
import dev.ioloop.loom.loop.VirtualThreadIOLoop;
import dev.ioloop.reactor.loop.SelectorIOLoop;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The loop-level demo, without HTTP: Tornado's block/noblock lesson on both loops. Each loop runs the same batch of
 * 10–500 ms waits (the seed's /api/block2 delays) three ways, and the table shows what blocking the loop costs.
 */
@Command(
    name = "loopdemo",
    mixinStandardHelpOptions = true,
    description = {
      "The loop-level demo, without HTTP: what blocking a loop costs, on both loops.",
      "Runs the same batch of waits (uniform 10-500 ms, as /api/block2) on the reactor's SelectorIOLoop and on"
          + " Loom's VirtualThreadIOLoop, three ways each: sleeping on the loop thread, callLater, and"
          + " runInExecutor (blocking code on a virtual thread). Prints the wall time, throughput and loop lag of"
          + " each, side by side."
    })
final class LoopDemoCommand implements Callable<Integer> {
  private static final Map<String, Supplier<MeasuredLoop>> LOOPS =
      Map.of(Model.REACTOR.id(), SelectorIOLoop::new, Model.LOOM.id(), VirtualThreadIOLoop::new);

  @Spec CommandSpec spec;

  @Option(names = "--tasks", defaultValue = "20", description = "waits per run, 1..1000 (default ${DEFAULT-VALUE})")
  int tasks;

  @Option(names = "--seed", defaultValue = "2345", description = "random seed for the delays (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--loops", split = ",", defaultValue = "reactor,loom",
      description = "loops to run, of reactor, loom (default ${DEFAULT-VALUE})")
  List<String> loops;

  @Option(names = "--verbose", description = "also log each slow callback with the loop thread's stack")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (!verbose) {
      // The blocking runs are slow callbacks on purpose: the table counts them; their stacks would bury it.
      java.util.logging.Logger.getLogger(MeasuredLoop.LOGGER_NAME).setLevel(java.util.logging.Level.SEVERE);
    }
    if (tasks < 1 || tasks > 1000) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--tasks must be 1..1000, not " + tasks);
    }
    for (String loop : loops) {
      if (!LOOPS.containsKey(loop)) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
            "unknown loop '" + loop + "'; choose from reactor, loom");
      }
    }
    List<Duration> delays = delays(tasks, seed);
    Duration sum = delays.stream().reduce(Duration.ZERO, Duration::plus);
    Duration longest = delays.stream().max(Duration::compareTo).orElseThrow();
    // Bounded: the blocking run needs the sum of the delays; allow twice that.
    Duration limit = sum.multipliedBy(2).plusSeconds(10);
    out.printf("%d waits of 10-500 ms (seed %d): sum %d ms, longest %d ms.%n",
        tasks, seed, sum.toMillis(), longest.toMillis());

    List<LoopDemo.Result> results = new ArrayList<>();
    for (String name : loops) {
      for (WaitStyle style : WaitStyle.values()) {
        out.printf("  %-8s %-32s ...", name, style.description);
        out.flush();
        try (MeasuredLoop loop = LOOPS.get(name).get()) {
          LoopDemo.Result result = LoopDemo.run(name, loop, style, delays, limit);
          results.add(result);
          out.printf(" %6.2f s%n", result.wallTime().toNanos() / 1e9);
        }
      }
    }
    out.println();
    out.print(table(results));
    out.printf("%nSleeping on the loop thread serializes the waits: wall time = the sum of the delays (%d ms).%n"
        + "callLater and runInExecutor overlap them: wall time = the longest delay (%d ms), and the loop stays"
        + " responsive.%n", sum.toMillis(), longest.toMillis());
    return 0;
  }

  static List<Duration> delays(int count, long seed) {
    Random random = new Random(seed);
    List<Duration> delays = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      delays.add(Duration.ofMillis(10 + random.nextInt(491)));
    }
    return delays;
  }

  static String table(List<LoopDemo.Result> results) {
    StringBuilder table = new StringBuilder(String.format("%-8s %-32s %6s %10s %8s %13s %15s%n",
        "loop", "wait", "tasks", "wall time", "tasks/s", "max loop lag", "slow callbacks"));
    for (LoopDemo.Result r : results) {
      table.append(String.format("%-8s %-32s %6d %8.2f s %8.1f %10d ms %15d%n",
          r.loop(), r.style().description, r.tasks(), r.wallTime().toNanos() / 1e9, r.tasksPerSecond(),
          r.maxLag().toMillis(), r.slowCallbacks()));
    }
    return table.toString();
  }
}
