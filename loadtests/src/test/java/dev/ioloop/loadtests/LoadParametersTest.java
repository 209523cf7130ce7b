package dev.ioloop.loadtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LoadParametersTest {
  private static Properties properties(String... keyValues) {
    Properties properties = new Properties();
    for (int i = 0; i < keyValues.length; i += 2) {
      properties.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return properties;
  }

  @Test
  void readsEveryParameterAndDropsATrailingSlash() {
    LoadParameters parameters = LoadParameters.from(properties(
        "target", "http://127.0.0.1:8081/", "users", "50", "ramp", "1.5", "warmup", "2.5", "duration", "20",
        "model", "open",
        "rate", "12.5", "sleep_ms", "100", "label", "reactor", "fanout", "3", "cpu_rounds", "7",
        "max_failed_pct", "1.5", "max_p95_ms", "900", "min_rps", "40"));
    assertEquals(URI.create("http://127.0.0.1:8081"), parameters.target());
    assertEquals("http://127.0.0.1:8081", parameters.baseUrl());
    assertEquals(50, parameters.users());
    assertEquals(Duration.ofMillis(1500), parameters.ramp());
    assertEquals(Duration.ofMillis(2500), parameters.warmup());
    assertEquals(Duration.ofSeconds(20), parameters.duration());
    assertEquals(LoadParameters.Model.OPEN, parameters.model());
    assertEquals(12.5, parameters.rate());
    assertEquals(OptionalInt.of(100), parameters.sleepMs());
    assertEquals("reactor", parameters.label());
    assertEquals(3, parameters.fanout());
    assertEquals(7, parameters.cpuRounds());
    assertEquals(1.5, parameters.maxFailedPct());
    assertEquals(900, parameters.maxP95Ms());
    assertEquals(40.0, parameters.minRps());
  }

  @Test
  void defaultsToAShortClosedRunWithBlock2sRandomWait() {
    LoadParameters parameters = LoadParameters.from(properties("target", "http://localhost:8082"));
    assertEquals(LoadParameters.Model.CLOSED, parameters.model());
    assertEquals(10, parameters.users());
    assertEquals(Duration.ZERO, parameters.warmup(), "no warm-up unless asked: every request counts");
    assertEquals(OptionalInt.empty(), parameters.sleepMs());
    assertEquals(0.0, parameters.maxFailedPct());
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1:1", "http://127.9.8.7:1", "http://[::1]:1", "http://localhost:1"})
  void acceptsLoopbackTargets(String target) {
    assertEquals(URI.create(target), LoadParameters.from(properties("target", target)).target());
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://10.0.0.1:80", "http://192.168.1.2:80", "http://example.com:80",
      "http://deadbeef.example:80", "https://127.0.0.1:443", "http://[2001:db8::1]:80"})
  void refusesEveryTargetOffLoopbackWithoutLookingItUp(String target) {
    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> LoadParameters.from(properties("target", target)));
    assertTrue(refused.getMessage().contains("target must be"), refused::getMessage);
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://198.18.0.1:8082", "http://10.0.0.1:80", "http://server.example:8081"})
  void acceptsAnotherMachineOnlyWhenAskedAndSaysHowToAsk(String target) {
    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> LoadParameters.from(properties("target", target)));
    assertTrue(refused.getMessage().contains("-Dallow_remote=true"), refused::getMessage);
    LoadParameters allowed = LoadParameters.from(properties("target", target, "allow_remote", "true"));
    assertEquals(URI.create(target), allowed.target());
    assertTrue(allowed.allowRemote());
    assertThrows(IllegalArgumentException.class,
        () -> LoadParameters.from(properties("target", "https://198.18.0.1:1", "allow_remote", "true")));
  }

  @Test
  void refusesARampGatlingCannotDo() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> LoadParameters.from(properties("target", "http://127.0.0.1:1", "ramp", "0.5")));
    assertEquals(LoadParameters.RAMP_RULE + ", not 500 ms", refused.getMessage());
  }

  @Test
  void refusesANegativeOrPartSecondWarmUp() {
    for (String warmup : new String[] {"-1", "0.5"}) {
      IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
          () -> LoadParameters.from(properties("target", "http://127.0.0.1:1", "warmup", warmup)));
      assertEquals(LoadParameters.WARMUP_RULE + ", not " + Math.round(Double.parseDouble(warmup) * 1000) + " ms",
          refused.getMessage());
    }
    assertEquals(java.time.Duration.ofSeconds(1),
        LoadParameters.from(properties("target", "http://127.0.0.1:1", "warmup", "1")).warmup());
  }

  @Test
  void refusesAMissingTargetAndAnOpenModelWithoutRate() {
    assertThrows(IllegalArgumentException.class, () -> LoadParameters.from(properties()));
    assertThrows(IllegalArgumentException.class,
        () -> LoadParameters.from(properties("target", "http://127.0.0.1:1", "model", "open")));
  }
}
