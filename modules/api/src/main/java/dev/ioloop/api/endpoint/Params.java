package dev.ioloop.api.endpoint;

import java.util.Map;
import java.util.OptionalInt;

/** The endpoints' integer query parameters, validated the same way by every server. */
public final class Params {
  /** {@code /api/block2}'s, {@code /api/block}'s and the others' explicit wait. */
  public static final String SLEEP_MS = "sleep_ms";

  private Params() {}

  /** The parameter if present, within {@code [min, max]}. */
  public static OptionalInt optionalInt(Map<String, String> query, String name, int min, int max) {
    String raw = query.get(name);
    return raw == null ? OptionalInt.empty() : OptionalInt.of(parse(name, raw, min, max));
  }

  /** The parameter, which must be present, within {@code [min, max]}. */
  public static int requiredInt(Map<String, String> query, String name, int min, int max) {
    String raw = query.get(name);
    if (raw == null) {
      throw new BadParameterException("missing query parameter " + name + " (an integer from " + min + " to " + max + ")");
    }
    return parse(name, raw, min, max);
  }

  /** {@code sleep_ms} of block2, block, noblock and fanout: 0 to 60,000 ms. */
  public static OptionalInt sleepMillis(Map<String, String> query) {
    return optionalInt(query, SLEEP_MS, 0, 60_000);
  }

  /** {@code ms} of {@code /api/sleep}: 0 to 60,000 ms. */
  public static int sleepEndpointMillis(Map<String, String> query) {
    return requiredInt(query, "ms", 0, 60_000);
  }

  /** {@code n} of {@code /api/fanout}: 1 to 100 downstream calls. */
  public static int fanoutCalls(Map<String, String> query) {
    return requiredInt(query, "n", 1, 100);
  }

  /** {@code n} of {@code /api/cpu}: 1 to 100,000 rounds. */
  public static int cpuRounds(Map<String, String> query) {
    return requiredInt(query, "n", 1, 100_000);
  }

  private static int parse(String name, String raw, int min, int max) {
    long value;
    try {
      // Digits only: Integer.parseInt would take "+5", and a long guards against overflow to an in-range value.
      if (raw.isEmpty() || raw.length() > 10 || !raw.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw new NumberFormatException();
      }
      value = Long.parseLong(raw);
    } catch (NumberFormatException e) {
      throw new BadParameterException(name + " must be an integer from " + min + " to " + max + ", not '"
          + printable(raw) + "'");
    }
    if (value < min || value > max) {
      throw new BadParameterException(name + " must be from " + min + " to " + max + ", not " + value);
    }
    return (int) value;
  }

  /** Keeps an error body on one printable line, whatever the client sent. */
  private static String printable(String raw) {
    String shown = raw.length() > 40 ? raw.substring(0, 40) + "..." : raw;
    return shown.replaceAll("[^\\x20-\\x7e]", "?");
  }
}
