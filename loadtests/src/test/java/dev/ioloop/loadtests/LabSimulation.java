package dev.ioloop.loadtests;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

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
 */
abstract class LabSimulation extends Simulation {
  /**
   * Requests still unanswered this long after the load ended are cut off: a server that collapsed (the reactor on
   * /api/block queues requests for seconds) must not hold the run for Gatling's 60 s request timeout.
   */
  private static final Duration DRAIN = Duration.ofSeconds(10);

  LabSimulation(String name, Function<LoadParameters, ChainBuilder> work) {
    LoadParameters parameters = LoadParameters.from(System.getProperties());
    setUp(population(name, work.apply(parameters), parameters))
        .protocols(protocol(parameters))
        .assertions(
            global().failedRequests().percent().lte(parameters.maxFailedPct()),
            global().responseTime().percentile(95.0).lte(parameters.maxP95Ms()),
            global().requestsPerSec().gte(parameters.minRps()))
        .maxDuration(parameters.ramp().plus(parameters.duration()).plus(DRAIN));
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
   * Closed: a fixed population, ramped up, each user looping on its keep-alive connection for the duration.
   * Open: users arrive at the rate, each makes one request on a new connection and leaves.
   */
  private static PopulationBuilder population(String name, ChainBuilder work, LoadParameters parameters) {
    boolean ramped = !parameters.ramp().isZero();
    return switch (parameters.model()) {
      case CLOSED -> {
        ScenarioBuilder looping = scenario(name).during(parameters.duration()).on(work);
        yield looping.injectOpen(ramped
            ? rampUsers(parameters.users()).during(parameters.ramp())
            : atOnceUsers(parameters.users()));
      }
      case OPEN -> {
        List<OpenInjectionStep> steps = new ArrayList<>();
        if (ramped) {
          steps.add(rampUsersPerSec(0).to(parameters.rate()).during(parameters.ramp()));
        }
        steps.add(constantUsersPerSec(parameters.rate()).during(parameters.duration()));
        yield scenario(name).exec(work).injectOpen(steps);
      }
    };
  }
}
