package dev.ioloop.loadtests;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.during;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.group;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What every simulation shares: the parameters, the protocol, the workload model and the assertions. A subclass
 * only says which requests one virtual user makes.
 *
 * <p>With a {@code warmup}, the same workload runs that long first, its requests in the group {@link #WARM_UP}, then
 * the measured phase in the group {@link #MEASURED}: a fresh Gatling JVM's rate climbs several times over its first
 * seconds as its own JIT warms up, and those seconds would rank the servers by Gatling's warm-up. The assertions
 * take the measured group; the app leaves the warm-up group out of its figures (dev.ioloop.app.report.SimulationLog
 * spells the same name, and GatlingRunTest runs a warm-up through both).
 */
abstract class LabSimulation extends Simulation {
  /** The group of the warm-up's requests. */
  static final String WARM_UP = "warm-up";
  /** The group of the requests after the warm-up, when there is one. */
  static final String MEASURED = "measured";
  /**
   * Requests still unanswered this long after the load ended are cut off: a server that collapsed (the reactor on
   * /api/block queues requests for seconds) must not hold the run for Gatling's 60 s request timeout.
   */
  private static final Duration DRAIN = Duration.ofSeconds(10);

  LabSimulation(String name, Function<LoadParameters, ChainBuilder> work) {
    LoadParameters parameters = LoadParameters.from(System.getProperties());
    Assertion.WithPath measured = parameters.warmup().isZero() ? global() : details(MEASURED);
    setUp(populations(name, work.apply(parameters), parameters))
        .protocols(protocol(parameters))
        .assertions(
            measured.failedRequests().percent().lte(parameters.maxFailedPct()),
            measured.responseTime().percentile(95.0).lte(parameters.maxP95Ms()),
            measured.requestsPerSec().gte(parameters.minRps()))
        .maxDuration(parameters.ramp().plus(parameters.warmup()).plus(parameters.duration()).plus(DRAIN));
  }

  /**
   * No {@code shareConnections()}: each virtual user has its own connection, as separate clients would. Caching
   * off, or a looping user would be answered 304s from its own cache; the warm-up stays on the target (Gatling's
   * default warm-up URL is an outside host).
   */
  private static HttpProtocolBuilder protocol(LoadParameters parameters) {
    return http.baseUrl(parameters.baseUrl())
        .warmUp(parameters.baseUrl() + "/api/hello")
        .disableCaching()
        .acceptHeader("text/plain, application/json")
        .userAgentHeader("ioloop-loadtests");
  }

  /**
   * Closed: a fixed population, ramped up, each user looping on its keep-alive connection for the warm-up, then for
   * the duration. Open: users arrive at the rate, each makes one request on a new connection and leaves; with a
   * warm-up, those arriving in its first part are a scenario of their own, in the warm-up group, and the measured
   * arrivals follow on at the same rate.
   */
  private static List<PopulationBuilder> populations(String name, ChainBuilder work, LoadParameters parameters) {
    boolean ramped = !parameters.ramp().isZero();
    boolean warmed = !parameters.warmup().isZero();
    ChainBuilder measured = warmed ? group(MEASURED).on(work) : work;
    return switch (parameters.model()) {
      case CLOSED -> {
        ChainBuilder looping = during(parameters.duration()).on(measured);
        ScenarioBuilder scenario = scenario(name).exec(warmed
            ? exec(during(parameters.warmup()).on(group(WARM_UP).on(work)), looping) : looping);
        yield List.of(scenario.injectOpen(ramped
            ? rampUsers(parameters.users()).during(parameters.ramp())
            : atOnceUsers(parameters.users())));
      }
      case OPEN -> {
        List<OpenInjectionStep> steps = new ArrayList<>();
        if (ramped) {
          steps.add(rampUsersPerSec(0).to(parameters.rate()).during(parameters.ramp()));
        }
        if (!warmed) {
          steps.add(constantUsersPerSec(parameters.rate()).during(parameters.duration()));
          yield List.of(scenario(name).exec(work).injectOpen(steps));
        }
        steps.add(constantUsersPerSec(parameters.rate()).during(parameters.warmup()));
        yield List.of(scenario(name + " " + WARM_UP).exec(group(WARM_UP).on(work)).injectOpen(steps),
            scenario(name).exec(measured).injectOpen(nothingFor(parameters.ramp().plus(parameters.warmup())),
                constantUsersPerSec(parameters.rate()).during(parameters.duration())));
      }
    };
  }
}
