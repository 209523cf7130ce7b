package dev.ioloop.bench.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** wrk's text output as wrk 4.1 prints it, and what the bench reads from it. */
class WrkOutputTest {
  private static final String WITH_ERRORS = """
      Running 10s test @ http://127.0.0.1:9181/api/sleep?ms=100
        2 threads and 5000 connections
        Thread Stats   Avg      Stdev     Max   +/- Stdev
          Latency   110.15ms   30.42ms   1.33s    95.12%
          Req/Sec    17.13k     2.20k   21.52k    71.00%
        Latency Distribution
           50%  107.05ms
           75%  112.33ms
           90%  120.01ms
           99%    1.33s
        342669 requests in 10.01s, 28.76MB read
        Socket errors: connect 0, read 12, write 3, timeout 5
        Non-2xx or 3xx responses: 7
      Requests/sec:  34266.91
      Transfer/sec:      2.87MB
      """;

  @Test
  void readsRateRequestsP99AndEveryKindOfError() {
    Wrk.Result result = Wrk.parse(WITH_ERRORS);
    assertEquals(342_669, result.requests());
    assertEquals(34_266.91, result.requestsPerSecond(), 1e-9);
    assertEquals(1_330, result.p99Millis(), 1e-9);
    assertEquals(12 + 3 + 5 + 7, result.errors());
  }

  @Test
  void aCleanRunHasNoErrorsAndP99InMicrosecondsBecomesMilliseconds() {
    Wrk.Result result = Wrk.parse(WITH_ERRORS
        .replace("  Socket errors: connect 0, read 12, write 3, timeout 5\n", "")
        .replace("  Non-2xx or 3xx responses: 7\n", "")
        .replace("99%    1.33s", "99%  850.00us"));
    assertEquals(0, result.errors());
    assertEquals(0.85, result.p99Millis(), 1e-9);
  }

  @Test
  void outputWithoutARateIsAFailureNotAZero() {
    assertThrows(IllegalStateException.class, () -> Wrk.parse("unable to connect to 127.0.0.1:9181 Connection refused"));
  }
}
