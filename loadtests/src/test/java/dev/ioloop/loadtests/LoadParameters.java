package dev.ioloop.loadtests;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Properties;

/**
 * The one parameter set every simulation reads, from system properties ({@code -Dtarget=http://127.0.0.1:8081}).
 * Names use underscores, never a {@code user.}, {@code jdk.} or {@code java.} prefix: the Gatling plugin does not
 * forward those to its JVM.
 *
 * @param target       the server's base URL; loopback only (checked here, where every launch passes) unless
 *                     {@code allowRemote}
 * @param users        closed model: the virtual users, each on its own connection, each looping for the duration
 * @param ramp         the time over which users (closed) or the arrival rate (open) grow from zero
 * @param warmup       the same workload for this long before the measured phase, its requests in the
 *                     {@link LabSimulation#WARM_UP} group, left out of the assertions and of the app's figures; 0:
 *                     none, every request counts
 * @param duration     how long each closed-model user loops, or how long the open model keeps its rate, measured
 * @param model        closed (a fixed population) or open (arrivals per second, one request each)
 * @param rate         open model: new users per second
 * @param sleepMs      the downstream wait of block/noblock/fanout and the wait of /api/sleep; empty: block2's
 *                     random 10-500 ms (sleep: 100 ms)
 * @param fanout       the downstream calls of one /api/fanout
 * @param cpuRounds    the SHA-256 rounds of one /api/cpu
 * @param label        the server's name, for the report's run description
 * @param maxFailedPct assertion: at most this percentage of requests may fail
 * @param maxP95Ms     assertion: the 95th percentile of response times stays at or under this
 * @param minRps       assertion: the mean throughput reaches at least this
 * @param allowRemote  {@code -Dallow_remote=true}: the target may be another machine (./ioloop load --allow-remote)
 */
public record LoadParameters(
    URI target,
    int users,
    Duration ramp,
    Duration warmup,
    Duration duration,
    Model model,
    double rate,
    OptionalInt sleepMs,
    int fanout,
    int cpuRounds,
    String label,
    double maxFailedPct,
    int maxP95Ms,
    double minRps,
    boolean allowRemote) {

  /**
   * Gatling 3.15 ramps in whole seconds: a ramp of 0.5 s injects nobody and the run ends at once with "Undefined run
   * start". Zero means all users at once.
   */
  public static final Duration SHORTEST_RAMP = Duration.ofSeconds(1);

  public static final String RAMP_RULE = "ramp must be 0 (all at once) or at least 1 s (Gatling cannot ramp faster)";
  /** A shorter warm-up warms nothing, and the open model's injection over part of a second starts nobody. */
  public static final String WARMUP_RULE = "warmup must be 0 (none) or at least 1 s";

  /** How virtual users arrive: Gatling's closed and open workload models. */
  public enum Model { CLOSED, OPEN }

  public LoadParameters {
    if (allowRemote) {
      requireHttpUrl(target);
    } else {
      requireLoopback(target);
    }
    if (users < 1) {
      throw new IllegalArgumentException("users must be at least 1, not " + users);
    }
    if (ramp.isNegative() || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("duration must be positive and ramp not negative");
    }
    if (warmup.isNegative() || (!warmup.isZero() && warmup.compareTo(SHORTEST_RAMP) < 0)) {
      throw new IllegalArgumentException(WARMUP_RULE + ", not " + warmup.toMillis() + " ms");
    }
    if (!ramp.isZero() && ramp.compareTo(SHORTEST_RAMP) < 0) {
      throw new IllegalArgumentException(RAMP_RULE + ", not " + ramp.toMillis() + " ms");
    }
    if (model == Model.OPEN && rate <= 0) {
      throw new IllegalArgumentException("the open model needs a rate above 0 users per second, not " + rate);
    }
  }

  public static LoadParameters from(Properties properties) {
    String target = properties.getProperty("target");
    if (target == null || target.isBlank()) {
      throw new IllegalArgumentException("set -Dtarget=http://127.0.0.1:PORT, the server under load");
    }
    String sleepMs = properties.getProperty("sleep_ms", "");
    return new LoadParameters(
        URI.create(target.endsWith("/") ? target.substring(0, target.length() - 1) : target),
        intOf(properties, "users", "10"),
        secondsOf(properties, "ramp", "2"),
        secondsOf(properties, "warmup", "0"),
        secondsOf(properties, "duration", "10"),
        Model.valueOf(properties.getProperty("model", "closed").toUpperCase(Locale.ROOT)),
        Double.parseDouble(properties.getProperty("rate", "0")),
        sleepMs.isBlank() ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(sleepMs)),
        intOf(properties, "fanout", "10"),
        intOf(properties, "cpu_rounds", "1000"),
        properties.getProperty("label", "unlabelled"),
        Double.parseDouble(properties.getProperty("max_failed_pct", "0")),
        intOf(properties, "max_p95_ms", "60000"),
        Double.parseDouble(properties.getProperty("min_rps", "0")),
        Boolean.parseBoolean(properties.getProperty("allow_remote", "false")));
  }

  /** The base URL as Gatling's protocol wants it: no trailing slash. */
  public String baseUrl() {
    return target.toString();
  }

  private static int intOf(Properties properties, String name, String fallback) {
    return Integer.parseInt(properties.getProperty(name, fallback));
  }

  /** Seconds, fractions allowed ({@code -Dramp=0.5}): short runs in tests need them. */
  private static Duration secondsOf(Properties properties, String name, String fallback) {
    return Duration.ofMillis(Math.round(Double.parseDouble(properties.getProperty(name, fallback)) * 1000));
  }

  /** Load goes to this machine only: a literal loopback address or localhost (which the hosts file maps there). */
  private static void requireHttpUrl(URI target) {
    if (!"http".equals(target.getScheme()) || target.getHost() == null) {
      throw new IllegalArgumentException("target must be an http://host:port URL, not " + target);
    }
  }

  private static void requireLoopback(URI target) {
    requireHttpUrl(target);
    String host = target.getHost();
    if (host.equals("localhost")) {
      return;
    }
    String literal = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    try {
      // ofLiteral never asks DNS: a name is rejected here, not looked up.
      if (InetAddress.ofLiteral(literal).isLoopbackAddress()) {
        return;
      }
    } catch (IllegalArgumentException notALiteral) {
      // falls through to the refusal below
    }
    throw new IllegalArgumentException("target must be on loopback (127.0.0.0/8, [::1], localhost), not " + host
        + "; to load another machine, set -Dallow_remote=true (./ioloop load --allow-remote)");
  }
}
