package dev.ioloop.tooling.chart;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * A value axis from 0 to a round number at or above the largest value, with a tick at each round step (1, 2, 2.5
 * or 5 times a power of ten) and about four steps: what a person reads at a glance.
 */
public record AxisScale(double top, double step) {
  private static final int TARGET_TICKS = 4;
  private static final List<Double> ROUND_STEPS = List.of(1.0, 2.0, 2.5, 5.0, 10.0);

  public static AxisScale upTo(double largest) {
    if (!(largest > 0) || Double.isInfinite(largest)) {
      return new AxisScale(1, 0.25);
    }
    double rough = largest / TARGET_TICKS;
    double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
    double step = magnitude
        * ROUND_STEPS.stream().filter(round -> rough <= round * magnitude).findFirst().orElseThrow();
    return new AxisScale(Math.ceil(largest / step - 1e-9) * step, step);
  }

  public List<Double> ticks() {
    List<Double> ticks = new ArrayList<>();
    for (int i = 0; i * step <= top + step / 1e6; i++) {
      ticks.add(i * step);
    }
    return ticks;
  }

  /** The fraction of the axis a value reaches, 0..1. */
  public double fraction(double value) {
    return Math.clamp(value / top, 0, 1);
  }

  /** A tick or value label: short (1.2k, 35k, 3.5M) so it fits beside a small chart. */
  public static String label(double value) {
    double magnitude = Math.abs(value);
    if (magnitude >= 1_000_000) {
      return compact(value / 1_000_000, 1) + "M";
    }
    if (magnitude >= 10_000) {
      return compact(value / 1_000, 0) + "k";
    }
    if (magnitude >= 1_000) {
      return compact(value / 1_000, 1) + "k";
    }
    return compact(value, magnitude >= 10 ? 0 : 2);
  }

  private static String compact(double value, int decimals) {
    return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
  }
}
