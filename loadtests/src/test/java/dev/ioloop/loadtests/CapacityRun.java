package dev.ioloop.loadtests;

import static io.gatling.javaapi.core.CoreDsl.incrementConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.Properties;
import java.util.function.Function;

/**
 * The capacity curve: concurrency raised in steps with Gatling's capacity DSL (closed model), each virtual user
 * looping on its own keep-alive connection, so that each level is a fixed population of in-flight requests. The
 * app cuts the run into its levels from the users' start records of the {@code simulation.log} and computes each
 * level's throughput and percentiles from the request records (dev.ioloop.app.report.CapacityCurve).
 *
 * <p>Users loop for ever: the run ends at {@code maxDuration}, the schedule's length, which also cuts off a server
 * that queues requests past Gatling's 60 s request timeout (the reactor on /api/block at 1,000 users). Only the
 * closed variant is given: an open {@code incrementUsersPerSec} run of a server that falls behind piles up users
 * without bound, where a closed one holds the population the step names.
 *
 * <p>Parameters (system properties, besides {@link LoadParameters}' target, label and sleep_ms): {@code step_users}
 * (100), {@code steps} (10), {@code level} seconds (2), {@code level_ramp} seconds (0), {@code start_users} (100).
 * Gatling counts these in whole seconds: a level of 1.5 s held as long as one of 1 s, and with no ramp a level's
 * users are still added over its first second.
 */
abstract class CapacityRun extends Simulation {
  CapacityRun(String name, Function<LoadParameters, ChainBuilder> work) {
    Properties properties = System.getProperties();
    LoadParameters parameters = LoadParameters.from(properties);
    Schedule schedule = Schedule.from(properties);
    setUp(scenario(name).forever().on(work.apply(parameters))
        .injectClosed(incrementConcurrentUsers(schedule.stepUsers())
            .times(schedule.steps())
            .eachLevelLasting(schedule.level())
            .separatedByRampsLasting(schedule.ramp())
            .startingFrom(schedule.startUsers())))
        .protocols(http.baseUrl(parameters.baseUrl())
            .warmUp(parameters.baseUrl() + "/api/hello")
            .disableCaching()
            .acceptHeader("text/plain, application/json")
            .userAgentHeader("ioloop-loadtests"))
        .maxDuration(schedule.length());
  }

  /**
   * The steps: {@code steps} levels of {@code startUsers}, {@code startUsers + stepUsers}, ..., each held for
   * {@code level}, the users of the next added over {@code ramp}; the first level's users are added over the same ramp.
   */
  record Schedule(int stepUsers, int steps, Duration level, Duration ramp, int startUsers) {
    Schedule {
      if (stepUsers < 1 || steps < 1 || startUsers < 0 || level.isZero() || level.isNegative() || ramp.isNegative()) {
        throw new IllegalArgumentException("capacity: step_users and steps at least 1, start_users at least 0,"
            + " level positive, level_ramp not negative");
      }
    }

    static Schedule from(Properties properties) {
      return new Schedule(
          Integer.parseInt(properties.getProperty("step_users", "100")),
          Integer.parseInt(properties.getProperty("steps", "10")),
          seconds(properties.getProperty("level", "2")),
          seconds(properties.getProperty("level_ramp", "0")),
          Integer.parseInt(properties.getProperty("start_users", "100")));
    }

    /** Every ramp and every level: the run's maxDuration. */
    Duration length() {
      return level.plus(ramp).multipliedBy(steps);
    }

    private static Duration seconds(String value) {
      return Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
    }
  }
}
