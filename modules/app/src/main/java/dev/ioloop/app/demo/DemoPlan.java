package dev.ioloop.app.demo;

import dev.ioloop.api.server.Engine;
import dev.ioloop.app.load.LoadSpec;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the demo runs: every scenario against every server, scenario by scenario, the servers alternating so that
 * each comparison is of runs made side by side (docs/contract.md, Measuring).
 *
 * @param servers      engines to start: reactor, loom, jetty, platform
 * @param scenarios    simulations to run against each (NoBlock, Block, Hello, Fanout by default)
 * @param users        closed-model virtual users per run
 * @param ramp         their ramp-up
 * @param warmup       each run's warm-up, the same load before the measured phase: the figures leave its requests
 *                     out (each run's Gatling JVM starts cold, and its rate climbs several times over as its JIT
 *                     warms up)
 * @param duration     how long each user loops after it
 * @param reactorLoops the reactor's SelectorIOLoops
 * @param samplePeriod how often each server's /api/stats is sampled during its runs
 * @param parameters   further simulation parameters, the same for every run (a capacity run's steps)
 */
public record DemoPlan(
    List<String> servers,
    List<String> scenarios,
    int users,
    Duration ramp,
    Duration warmup,
    Duration duration,
    int reactorLoops,
    Duration samplePeriod,
    Map<String, String> parameters) {

  /** The lab's own engines, in report order: reactor, loom, jetty, platform. */
  public static final List<String> SERVERS = Engine.lab().stream().map(Engine::id).toList();
  /**
   * Sleep first: the reactor keeps serving the /api/block requests it had read when a CapacityBlock run ends (at
   * 1,000 users two loops need about two minutes for them), and would still be stalled for the next run.
   */
  public static final List<String> CAPACITY_SCENARIOS = List.of("CapacitySleep", "CapacityBlock");
  /**
   * The capacity runs' steps: 100, 200, ... 1,000 users, each level 2 s with no ramp between (Gatling's closed
   * injection still adds a level's users over its first second), 20 s a run; with four servers and two endpoints
   * about 4 minutes here.
   */
  public static final int CAPACITY_STEP_USERS = 100;
  public static final int CAPACITY_STEPS = 10;
  public static final Duration CAPACITY_LEVEL = Duration.ofSeconds(2);
  public static final Duration CAPACITY_RAMP = Duration.ZERO;
  public static final List<String> SCENARIOS = List.of("NoBlock", "Block", "Hello", "Fanout");
  /** Each server's warm-up on /api/hello before the first run ({@link WarmUp}): its JIT's compile, not measured. */
  public static final Duration SERVER_WARM_UP = Duration.ofSeconds(3);
  /** block2's mean wait, uniform over 10-500 ms: the time a sleep-bound request holds its user (Little's law). */
  public static final double BLOCK2_MEAN_SECONDS = 0.255;
  /**
   * What a run costs beyond its load, measured here: Gatling's JVM start-up (with its class-data archive) and its
   * report, about 3 s, and on Block the reactor draining its queue.
   */
  private static final Duration PER_RUN_OVERHEAD = Duration.ofMillis(3500);
  /** A capacity run's: start-up, then a report of up to 150,000 requests, measured here (27-32 s for 20 s). */
  private static final Duration CAPACITY_RUN_OVERHEAD = Duration.ofSeconds(9);

  public DemoPlan {
    servers = List.copyOf(servers);
    scenarios = List.copyOf(scenarios);
    parameters = Map.copyOf(parameters);
    for (String server : servers) {
      if (!SERVERS.contains(server)) {
        throw new IllegalArgumentException("unknown server '" + server + "'; choose from " + SERVERS);
      }
    }
    if (servers.isEmpty() || scenarios.isEmpty() || users < 1 || reactorLoops < 1) {
      throw new IllegalArgumentException("at least one server, one scenario, one user and one reactor loop");
    }
    if (duration.isZero() || duration.isNegative() || ramp.isNegative()) {
      throw new IllegalArgumentException("duration must be positive and ramp not negative");
    }
    LoadSpec.requireRampGatlingCanDo(ramp);
    LoadSpec.requireWarmUpGatlingCanDo(warmup);
  }

  /**
   * Estimated 457 s (297 s without the warm-up): 16 runs of 2 s ramp + 10 s warm-up + 12 s measured with 50 users,
   * plus each run's overhead (Hello's report of half a million requests takes Gatling several seconds). The warm-up
   * is 10 s because Gatling's rate on /api/hello, on its one pinned core, still rose 2-7 times over the 12 s after a
   * 5 s one, and held after 10 s (measured here).
   */
  public static DemoPlan standard(int reactorLoops) {
    return new DemoPlan(SERVERS, SCENARIOS, 50, Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(12),
        reactorLoops, Duration.ofMillis(500), Map.of());
  }

  /**
   * 16 runs of 2 s warm-up + 3 s measured with 20 users, all starting at once: estimated 153 s (105 s without the
   * warm-up, which took 175 s on the lab's busy 2 cores, load average 12).
   */
  public static DemoPlan quick(int reactorLoops) {
    return new DemoPlan(SERVERS, SCENARIOS, 20, Duration.ZERO, Duration.ofSeconds(2), Duration.ofSeconds(3),
        reactorLoops, Duration.ofMillis(250), Map.of());
  }

  /**
   * The capacity curve: CapacityBlock and CapacitySleep against every server, concurrency raised in steps to 1,000
   * users; users is the last level, duration the schedule (the simulations stop at it: their maxDuration).
   */
  public static DemoPlan capacity(int reactorLoops) {
    int lastLevel = CAPACITY_STEP_USERS * CAPACITY_STEPS;
    return new DemoPlan(SERVERS, CAPACITY_SCENARIOS, lastLevel, Duration.ZERO, Duration.ZERO,
        CAPACITY_LEVEL.plus(CAPACITY_RAMP).multipliedBy(CAPACITY_STEPS), reactorLoops, Duration.ofMillis(500),
        Map.of("step_users", Integer.toString(CAPACITY_STEP_USERS), "steps", Integer.toString(CAPACITY_STEPS),
            "start_users", Integer.toString(CAPACITY_STEP_USERS),
            "level", Long.toString(CAPACITY_LEVEL.toSeconds()), "level_ramp", Long.toString(CAPACITY_RAMP.toSeconds())));
  }

  public boolean isCapacity() {
    return !parameters.isEmpty();
  }

  public DemoPlan with(List<String> newServers, List<String> newScenarios, int newUsers, Duration newRamp,
      Duration newWarmup, Duration newDuration) {
    return new DemoPlan(newServers, newScenarios, newUsers, newRamp, newWarmup, newDuration, reactorLoops,
        samplePeriod, parameters);
  }

  /** Each run's load as the demo prints it: "5.0 s warm-up + 12.0 s", or "12.0 s" without a warm-up. */
  public String runLength() {
    String measured = String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    return warmup.isZero() ? measured
        : String.format(Locale.ROOT, "%.1f s warm-up + %s", warmup.toMillis() / 1000.0, measured);
  }

  public int steps() {
    return servers.size() * scenarios.size();
  }

  /** What the whole demo should take, for the first line it prints. */
  public Duration estimate() {
    Duration overhead = isCapacity() ? CAPACITY_RUN_OVERHEAD : PER_RUN_OVERHEAD;
    return ramp.plus(warmup).plus(duration).plus(overhead).multipliedBy(steps())
        .plus(SERVER_WARM_UP.multipliedBy(servers.size()))
        .plusSeconds(isCapacity() ? 20 : 5);
  }

  /** Little's law: the throughput a sleep-bound endpoint reaches when nothing but the wait holds a request. */
  public double littlesLawCeiling() {
    return users / BLOCK2_MEAN_SECONDS;
  }

  /** The reactor on /api/block: each request holds a whole loop for block2's wait. */
  public double blockedReactorCeiling() {
    return reactorLoops / BLOCK2_MEAN_SECONDS;
  }
}
