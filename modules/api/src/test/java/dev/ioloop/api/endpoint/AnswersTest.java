package dev.ioloop.api.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class AnswersTest {
  @Test
  void block2FormatsTheSeedsAnswer() {
    Instant end = Instant.ofEpochSecond(1_700_000_000L, 42_000_000L);
    assertEquals("b:1699999999.5,s:0.255 => e:1700000000.042000",
        Answers.block2("1699999999.5", Duration.ofMillis(255), end));
    assertEquals("b:,s:12.005 => e:1700000000.042000", Answers.block2(null, Duration.ofMillis(12_005), end));
  }

  @Test
  void block2TargetCarriesTheTimeAndOnlyAGivenSleep() {
    Instant now = Instant.ofEpochSecond(5, 7_000);
    assertEquals("/api/block2?time=5.000007", Answers.block2Target(now, OptionalInt.empty()));
    assertEquals("/api/block2?time=5.000007&sleep_ms=30", Answers.block2Target(now, OptionalInt.of(30)));
  }

  @Test
  void randomDelayStaysWithinTheSeedsRange() {
    for (int i = 0; i < 1_000; i++) {
      long millis = Answers.block2Delay(OptionalInt.empty()).toMillis();
      assertTrue(millis >= 10 && millis <= 500, () -> "delay " + millis);
    }
    assertEquals(Duration.ofMillis(7), Answers.block2Delay(OptionalInt.of(7)));
  }

  @Test
  void cpuIsChainedSha256OverTheFixedBuffer() throws Exception {
    byte[] buffer = new byte[1024];
    for (int i = 0; i < buffer.length; i++) {
      buffer[i] = (byte) i;
    }
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    byte[] first = sha.digest(buffer);
    sha.update(first);
    byte[] second = sha.digest(buffer);
    assertEquals(HexFormat.of().formatHex(first), Answers.cpu(1));
    assertEquals(HexFormat.of().formatHex(second), Answers.cpu(2));
  }

  @Test
  void fanoutJoinsInCallOrder() {
    assertEquals("a\nb\nc", Answers.fanout(List.of("a", "b", "c")));
  }

  @Test
  void parametersAreValidatedWithOneLineReasons() {
    assertEquals(OptionalInt.empty(), Params.sleepMillis(Map.of()));
    assertEquals(OptionalInt.of(60_000), Params.sleepMillis(Map.of("sleep_ms", "60000")));
    assertEquals(100, Params.fanoutCalls(Map.of("n", "100")));
    for (String bad : List.of("", "-1", "+5", "1e3", "60001", "99999999999", "abc", "5\n")) {
      BadParameterException e =
          assertThrows(BadParameterException.class, () -> Params.sleepMillis(Map.of("sleep_ms", bad)));
      assertTrue(e.getMessage().startsWith("sleep_ms must be"), e.getMessage());
      assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
    assertEquals("missing query parameter n (an integer from 1 to 100000)",
        assertThrows(BadParameterException.class, () -> Params.cpuRounds(Map.of())).getMessage());
  }

  @Test
  void routesByPathAndMethod() {
    assertEquals(Endpoint.ECHO, Endpoint.forPath("/api/echo").orElseThrow());
    assertTrue(Endpoint.ECHO.allows("POST"));
    assertFalse(Endpoint.ECHO.allows("GET"));
    assertTrue(Endpoint.forPath("/api/nothing").isEmpty());
  }
}
