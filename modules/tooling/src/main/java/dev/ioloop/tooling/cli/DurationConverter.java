package dev.ioloop.tooling.cli;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Durations as people type them on a command line: {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}, a fraction
 * too ({@code 1.5s}, {@code 0.5m}); a plain number is seconds ({@code 10} is {@code 10s}). Zero is a duration (a
 * ramp of 0 is no ramp); a command that needs a positive one says so itself. Every duration option of every ioloop
 * command reads through this converter, and {@link LabCommandLine} registers it for {@link Duration} options too.
 */
public final class DurationConverter implements ITypeConverter<Duration> {
  private static final Pattern DURATION = Pattern.compile("(\\d{1,9}(?:\\.\\d{1,9})?)(ms|s|m|h)?");

  @Override
  public Duration convert(String value) {
    Matcher matcher = DURATION.matcher(value.strip());
    if (!matcher.matches()) {
      throw new TypeConversionException("'" + value + "' is not a duration such as 500ms, 10s, 2m or 1h"
          + " (a plain number is seconds)");
    }
    BigDecimal amount = new BigDecimal(matcher.group(1));
    long millisPerUnit = switch (matcher.group(2) == null ? "s" : matcher.group(2)) {
      case "ms" -> 1;
      case "s" -> 1_000;
      case "m" -> 60_000;
      default -> 3_600_000; // "h"
    };
    BigDecimal millis = amount.multiply(BigDecimal.valueOf(millisPerUnit));
    if (millis.signum() > 0 && millis.compareTo(BigDecimal.ONE) < 0) {
      throw new TypeConversionException("'" + value + "' is shorter than a millisecond");
    }
    return Duration.ofMillis(millis.setScale(0, java.math.RoundingMode.HALF_UP).longValueExact());
  }
}
