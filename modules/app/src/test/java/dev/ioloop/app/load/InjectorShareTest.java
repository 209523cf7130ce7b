package dev.ioloop.app.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class InjectorShareTest {
  @ParameterizedTest
  @CsvSource({"10, 3", "7, 7", "1000, 6", "5, 2", "9, 1"})
  void usersSharesAddUpExactlyTheRemainderToTheFirst(int users, int n) {
    int sum = 0;
    for (int k = 1; k <= n; k++) {
      int share = new InjectorShare(k, n).users(users);
      assertEquals(users / n + (k <= users % n ? 1 : 0), share);
      sum += share;
    }
    assertEquals(users, sum);
  }

  @ParameterizedTest
  @CsvSource({"100, 3", "12.5, 4", "0.01, 3", "7.777, 7"})
  void rateSharesAddUpExactlyToAThousandth(double rate, int n) {
    long sumOfThousandths = 0;
    for (int k = 1; k <= n; k++) {
      sumOfThousandths += Math.round(new InjectorShare(k, n).rate(rate) * 1000);
    }
    assertEquals(Math.round(rate * 1000), sumOfThousandths);
  }

  @Test
  void parsesKOfNAndRefusesTheRest() {
    assertEquals(new InjectorShare(2, 3), InjectorShare.parse("2/3"));
    for (String bad : List.of("0/2", "3/2", "1", "a/b", "1/0", "1/2/3", "")) {
      assertThrows(IllegalArgumentException.class, () -> InjectorShare.parse(bad), bad);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void aLoadTooSmallToShareIsRefused(int users) {
    assertThrows(IllegalArgumentException.class, () -> new InjectorShare(1, 3).users(users));
  }

  @Test
  void aRemoteTargetsNameIsTheOnlyNameBesideLocalhostInGatlingsHostsFile() throws Exception {
    String hosts = GatlingLauncher.hostsFile("loom", java.net.InetAddress.ofLiteral("198.18.0.1"));
    assertEquals(List.of("127.0.0.1 localhost", "::1 localhost", "198.18.0.1 loom"),
        hosts.lines().filter(line -> !line.startsWith("#")).toList());
  }

  @Test
  void cpuUtilizationIsTheShareOfTheCoresInsideTheWindow() {
    CpuSamples samples = new CpuSamples(2, List.of(new CpuSamples.Sample(0, 0), new CpuSamples.Sample(1000, 500),
        new CpuSamples.Sample(2000, 2500), new CpuSamples.Sample(3000, 2600), new CpuSamples.Sample(9000, 9000)));
    assertEquals(2600 / 6000.0, samples.utilization(0, 3000), 1e-9);
    assertEquals(1.0, samples.peakUtilization(0, 3000), 1e-9);
    assertEquals(Double.NaN, samples.utilization(4000, 5000));
  }
}
