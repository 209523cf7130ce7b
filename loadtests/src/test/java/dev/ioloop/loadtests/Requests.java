package dev.ioloop.loadtests;

import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.regex;
import static io.gatling.javaapi.core.CoreDsl.substring;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.CheckBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;

/**
 * The requests of the endpoint contract (docs/contract.md), each named after its path so a report row says which it is,
 * each checked for the answer the contract promises, not just a 200.
 */
final class Requests {
  /** /api/sleep's wait when {@code sleep_ms} is not set. */
  private static final int DEFAULT_SLEEP_MS = 100;

  private Requests() {}

  static HttpRequestActionBuilder hello() {
    return http("hello").get("/api/hello").check(status().is(200), bodyString().is("Hello, World!"));
  }

  static HttpRequestActionBuilder noBlock(LoadParameters parameters) {
    return http("noblock").get("/api/noblock" + downstreamWait(parameters, '?')).check(block2Answer());
  }

  static HttpRequestActionBuilder block(LoadParameters parameters) {
    return http("block").get("/api/block" + downstreamWait(parameters, '?')).check(block2Answer());
  }

  static HttpRequestActionBuilder sleep(LoadParameters parameters) {
    int ms = parameters.sleepMs().orElse(DEFAULT_SLEEP_MS);
    return http("sleep").get("/api/sleep?ms=" + ms).check(status().is(200), bodyString().is("slept " + ms));
  }

  static HttpRequestActionBuilder fanout(LoadParameters parameters) {
    return http("fanout")
        .get("/api/fanout?n=" + parameters.fanout() + downstreamWait(parameters, '&'))
        .check(status().is(200), substring(" => e:").count().is(parameters.fanout()));
  }

  static HttpRequestActionBuilder cpu(LoadParameters parameters) {
    return http("cpu")
        .get("/api/cpu?n=" + parameters.cpuRounds())
        .check(status().is(200), regex("^[0-9a-f]{64}$").exists());
  }

  /** block2's answer, {@code b:T,s:S => e:E}, relayed verbatim by block and noblock. */
  private static CheckBuilder block2Answer() {
    return substring(" => e:").exists();
  }

  /** {@code sleep_ms=N} when set, else nothing: block2 then waits its random 10-500 ms. */
  private static String downstreamWait(LoadParameters parameters, char separator) {
    return parameters.sleepMs().isPresent() ? separator + "sleep_ms=" + parameters.sleepMs().getAsInt() : "";
  }
}
