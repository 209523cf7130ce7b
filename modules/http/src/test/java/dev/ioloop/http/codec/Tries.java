package dev.ioloop.http.codec;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.TestInfo;

/**
 * Runs a randomized check many times, each try with a generator of its own seed. The seeds follow from one base
 * seed and the test's name, so that tests drawing the same kind of input still see different inputs. The base seed
 * is fixed, so that every run repeats the last one, unless {@code -Dioloop.seed=N} picks another or
 * {@code -Dioloop.seed=random} a new one each run (Surefire hands a {@code -D} on Maven's command line to the tests).
 * A failure names the base seed and the try; running the test again with that seed replays it, e.g.
 * {@code mvn -o verify -pl modules/http -am -Dtest='HttpParserProperties#someProperty'
 * -Dsurefire.failIfNoSpecifiedTests=false -Dioloop.seed=N}. A failing input is not shrunk.
 */
final class Tries {
  private static final String SEED_PROPERTY = "ioloop.seed";
  private static final long DEFAULT_SEED = 20_260_101L;
  private static final long BASE_SEED = baseSeed(System.getProperty(SEED_PROPERTY));
  /** All the tries of a test take about a second: this catches a hang, with room for a noisy machine. */
  private static final Duration TIME_LIMIT = Duration.ofSeconds(120);

  private Tries() {}

  /** One try: draws its input from {@code random} and asserts on what the code under test makes of it. */
  @FunctionalInterface
  interface Check {
    void run(RandomGenerator random) throws Exception;
  }

  static void run(TestInfo test, int tries, Check check) {
    SplittableRandom seeds = new SplittableRandom(BASE_SEED ^ test.getDisplayName().hashCode());
    AtomicInteger current = new AtomicInteger();
    assertTimeoutPreemptively(TIME_LIMIT, () -> {
      for (int i = 1; i <= tries; i++) {
        current.set(i);
        try {
          check.run(new SplittableRandom(seeds.nextLong()));
        } catch (Exception | AssertionError e) {
          throw new AssertionError(describe(i, tries) + " failed: " + e, e);
        }
      }
    }, () -> describe(current.get(), tries) + " still running after " + TIME_LIMIT.toSeconds() + " s");
  }

  private static String describe(int attempt, int tries) {
    return "try " + attempt + " of " + tries + " with base seed " + BASE_SEED + " (-D" + SEED_PROPERTY + "="
        + BASE_SEED + " replays it)";
  }

  private static long baseSeed(String property) {
    if (property == null) {
      return DEFAULT_SEED;
    }
    if (property.equals("random")) {
      return RandomGenerator.getDefault().nextLong();
    }
    try {
      return Long.parseLong(property);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("-D" + SEED_PROPERTY + " takes a number or \"random\", not " + property, e);
    }
  }
}
