package dev.ioloop.api.endpoint;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What the endpoints answer, computed the same way by every server so that the answers are the same byte for byte.
 * Only how each server waits differs; none of this waits or does I/O.
 */
public final class Answers {
  public static final String HELLO = "Hello, World!";
  /** The seed's random wait when no {@code sleep_ms} is given: uniform, 10 to 500 ms (255 ms on average). */
  public static final int MIN_RANDOM_MILLIS = 10, MAX_RANDOM_MILLIS = 500;

  private static final byte[] CPU_INPUT = new byte[1024];

  static {
    for (int i = 0; i < CPU_INPUT.length; i++) {
      CPU_INPUT[i] = (byte) i;
    }
  }

  private Answers() {}

  /** How long {@code /api/block2} waits: {@code sleep_ms} if given, else a uniform random 10–500 ms. */
  public static Duration block2Delay(OptionalInt sleepMillis) {
    return Duration.ofMillis(sleepMillis.orElseGet(
        () -> ThreadLocalRandom.current().nextInt(MIN_RANDOM_MILLIS, MAX_RANDOM_MILLIS + 1)));
  }

  /** {@code b:T,s:S => e:E}: T the caller's time verbatim (or empty), S the wait in seconds, E the end, epoch seconds. */
  public static String block2(String time, Duration waited, Instant end) {
    long millis = waited.toMillis();
    return "b:" + (time == null ? "" : time)
        + ",s:" + millis / 1000 + "." + pad(millis % 1000, 3)
        + " => e:" + epochSeconds(end);
  }

  /** The downstream request {@code /api/block}, {@code /api/noblock} and {@code /api/fanout} make. */
  public static String block2Target(Instant now, OptionalInt sleepMillis) {
    String target = Endpoint.BLOCK2.path() + "?time=" + epochSeconds(now);
    return sleepMillis.isPresent() ? target + "&" + Params.SLEEP_MS + "=" + sleepMillis.getAsInt() : target;
  }

  public static String slept(int millis) {
    return "slept " + millis;
  }

  /** {@code /api/fanout}: the downstream bodies in call order, one per line. */
  public static String fanout(List<String> bodies) {
    return String.join("\n", bodies);
  }

  /** {@code /api/cpu}: {@code rounds} of SHA-256, each over the previous digest and a fixed 1 KiB buffer. */
  public static String cpu(int rounds) {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    byte[] digest = new byte[0];
    for (int i = 0; i < rounds; i++) {
      sha256.update(digest);
      digest = sha256.digest(CPU_INPUT);
    }
    return HexFormat.of().formatHex(digest);
  }

  /** Seconds since the epoch with 6 decimals, without floating point or the locale's decimal sign. */
  static String epochSeconds(Instant instant) {
    return instant.getEpochSecond() + "." + pad(instant.getNano() / 1000, 6);
  }

  private static String pad(long value, int digits) {
    String text = Long.toString(value);
    return "0".repeat(Math.max(0, digits - text.length())) + text;
  }
}
