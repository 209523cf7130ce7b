package dev.ioloop.app.load;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * One Gatling run: which simulation, against what, and the parameters every simulation reads as system properties
 * (the names LoadParameters in loadtests reads).
 *
 * @param simulationClass the simulation's class name
 * @param target          the server's base URL, on loopback
 * @param users           closed model: the looping virtual users
 * @param ramp            the time over which users (or the open model's rate) grow
 * @param warmup          the same load for this long before the measured phase, whose requests the figures and the
 *                        assertions leave out (a fresh Gatling JVM's rate climbs as its JIT warms up); 0: none
 * @param duration        how long each user loops (or the open model's rate lasts)
 * @param model           "closed" or "open"
 * @param rate            open model: users arriving per second
 * @param sleepMs         the downstream wait; empty: block2's random 10-500 ms
 * @param label           the server's name: the report's run description
 * @param extra           any other simulation parameter by name (fanout, cpu_rounds, max_failed_pct, ...)
 * @param allowRemote     the target may be another machine: the user asked with --allow-remote
 */
public record LoadSpec(
    String simulationClass,
    URI target,
    int users,
    Duration ramp,
    Duration warmup,
    Duration duration,
    String model,
    double rate,
    OptionalInt sleepMs,
    String label,
    Map<String, String> extra,
    boolean allowRemote) {

  /**
   * The simulations cap themselves at ramp + warmup + duration + 10 s (their drain); start-up and the report take a few
   * seconds more. A run past this limit has hung and is stopped.
   */
  private static final Duration LAUNCH_AND_REPORT_ALLOWANCE = Duration.ofSeconds(70);

  public LoadSpec {
    LoopbackHttp.requireAllowed(target, allowRemote);
    model = model.toLowerCase(Locale.ROOT);
    if (!model.equals("closed") && !model.equals("open")) {
      throw new IllegalArgumentException("model must be closed or open, not " + model);
    }
    if (users < 1 || duration.isNegative() || duration.isZero() || ramp.isNegative()) {
      throw new IllegalArgumentException("users must be at least 1, duration positive and ramp not negative");
    }
    requireRampGatlingCanDo(ramp);
    requireWarmUpGatlingCanDo(warmup);
    extra = Map.copyOf(extra);
  }

  /** On loopback only, as every run was before --allow-remote. */
  public LoadSpec(String simulationClass, URI target, int users, Duration ramp, Duration warmup, Duration duration,
      String model, double rate, OptionalInt sleepMs, String label, Map<String, String> extra) {
    this(simulationClass, target, users, ramp, warmup, duration, model, rate, sleepMs, label, extra, false);
  }

  /**
   * Gatling 3.15 ramps in whole seconds: a shorter ramp injects nobody. The simulations refuse it too
   * (LoadParameters), but only once Gatling has started; this says it before anything starts.
   */
  public static void requireRampGatlingCanDo(Duration ramp) {
    if (!ramp.isZero() && ramp.toMillis() < 1000) {
      throw new IllegalArgumentException(
          "ramp must be 0 (all at once) or at least 1 s (Gatling cannot ramp faster), not " + ramp.toMillis() + " ms");
    }
  }

  /**
   * A warm-up of part of a second warms nothing, and Gatling's open injection over one starts nobody. The simulations
   * refuse it too (LoadParameters), but only once Gatling has started.
   */
  public static void requireWarmUpGatlingCanDo(Duration warmup) {
    if (warmup.isNegative() || (!warmup.isZero() && warmup.toMillis() < 1000)) {
      throw new IllegalArgumentException("warmup must be 0 (none) or at least 1 s, not " + warmup.toMillis() + " ms");
    }
  }

  /** The {@code -Dname=value} arguments of the Gatling JVM. */
  public List<String> systemProperties() {
    Map<String, String> properties = new TreeMap<>(extra);
    properties.put("target", target.toString());
    properties.put("users", Integer.toString(users));
    properties.put("ramp", seconds(ramp));
    properties.put("warmup", seconds(warmup));
    properties.put("duration", seconds(duration));
    properties.put("model", model);
    properties.put("rate", Double.toString(rate));
    sleepMs.ifPresent(ms -> properties.put("sleep_ms", Integer.toString(ms)));
    properties.put("label", label);
    if (allowRemote) {
      properties.put("allow_remote", "true");
    }
    List<String> arguments = new ArrayList<>();
    properties.forEach((name, value) -> arguments.add("-D" + name + "=" + value));
    return arguments;
  }

  /** How long the load itself lasts: the ramp, the warm-up and the measured duration. */
  public Duration loadLength() {
    return ramp.plus(warmup).plus(duration);
  }

  /** Past this, the run has hung. */
  public Duration timeLimit() {
    return loadLength().plus(LAUNCH_AND_REPORT_ALLOWANCE);
  }

  /** The simulation's short name: NoBlock for dev.ioloop.loadtests.NoBlockSimulation. */
  public String simulationName() {
    return GatlingInstallation.shortName(simulationClass);
  }

  private static String seconds(Duration duration) {
    return Double.toString(duration.toMillis() / 1000.0);
  }
}
