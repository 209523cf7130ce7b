package dev.ioloop.app.load;

import picocli.CommandLine.ITypeConverter;

/**
 * Injector {@code k} of {@code n} ({@code --injector K/N}): its share of the whole load. The n shares add up exactly
 * to the whole; what does not divide evenly goes one unit each to the first injectors (users, or thousandths of a
 * user per second for an open model's rate).
 */
public record InjectorShare(int k, int n) {
  /** A rate is split in thousandths of a user per second, so that the shares add up exactly. */
  private static final long RATE_UNITS = 1000;

  public static final InjectorShare WHOLE = new InjectorShare(1, 1);

  public InjectorShare {
    if (n < 1 || k < 1 || k > n) {
      throw new IllegalArgumentException("--injector takes K/N with 1 <= K <= N, not " + k + "/" + n);
    }
  }

  /** "2/3" */
  public static InjectorShare parse(String text) {
    String[] parts = text.strip().split("/", -1);
    try {
      if (parts.length == 2) {
        return new InjectorShare(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()));
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new IllegalArgumentException("--injector takes K/N, e.g. 1/2 (injector 1 of 2), not '" + text + "'");
  }

  /** This injector's users of {@code total}; refused when some injector would get none. */
  public int users(int total) {
    if (total < n) {
      throw new IllegalArgumentException(total + " users cannot be shared by " + n + " injectors: each needs one");
    }
    return total / n + (k - 1 < total % n ? 1 : 0);
  }

  /** This injector's arrivals per second of {@code total}, exact to a thousandth. */
  public double rate(double total) {
    long units = Math.round(total * RATE_UNITS);
    if (units < n) {
      throw new IllegalArgumentException("a rate of " + total + "/s cannot be shared by " + n + " injectors");
    }
    return (units / n + (k - 1 < units % n ? 1 : 0)) / (double) RATE_UNITS;
  }

  /** The folder of this injector's output within its run's folder. */
  public String folderName() {
    return "injector-" + k;
  }

  @Override
  public String toString() {
    return k + "/" + n;
  }

  /** For picocli: a bad K/N is a bad option, one line, exit code 2. */
  public static final class Converter implements ITypeConverter<InjectorShare> {
    @Override
    public InjectorShare convert(String value) {
      return parse(value);
    }
  }
}
