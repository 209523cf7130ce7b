package dev.ioloop.tooling.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AxisScaleTest {
  @ParameterizedTest
  @CsvSource({"7.6, 8, 2", "190.5, 200, 50", "1, 1, 0.25", "9100, 10000, 2500", "0.3, 0.3, 0.1", "400, 400, 100"})
  void theTopIsTheFirstRoundStepAtOrAboveTheLargestValue(double largest, double top, double step) {
    AxisScale scale = AxisScale.upTo(largest);
    assertEquals(top, scale.top(), 1e-9);
    assertEquals(step, scale.step(), 1e-9);
  }

  @Test
  void nothingToShowStillGivesAnAxis() {
    assertEquals(new AxisScale(1, 0.25), AxisScale.upTo(0));
    assertEquals(new AxisScale(1, 0.25), AxisScale.upTo(Double.NaN));
    assertEquals(List.of(0.0, 0.25, 0.5, 0.75, 1.0), AxisScale.upTo(0).ticks());
  }

  @ParameterizedTest
  @CsvSource({"0, 0", "0.25, 0.25", "7.6, 7.6", "12.4, 12", "999, 999", "1234, 1.2k", "35000, 35k",
      "2500000, 2.5M"})
  void labelsAreShort(double value, String label) {
    assertEquals(label, AxisScale.label(value));
  }
}
