package dev.ioloop.tooling.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {
  private final DurationConverter converter = new DurationConverter();

  @ParameterizedTest
  @CsvSource({"500ms, 500", "10s, 10000", "2m, 120000", "1h, 3600000", "10, 10000", "0, 0", "0s, 0",
      "1.5s, 1500", "0.34m, 20400", "2.5, 2500", "' 3s ', 3000"})
  void readsWhatPeopleType(String typed, long millis) {
    assertEquals(Duration.ofMillis(millis), converter.convert(typed));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "s", "-1", "-2s", "10x", "1d", "PT10S", "1.s", "ten", "10 s", "0.1ms", "1e3"})
  void refusesAnythingElseSayingWhatItExpects(String typed) {
    TypeConversionException refused = assertThrows(TypeConversionException.class, () -> converter.convert(typed));
    assertTrue(refused.getMessage().startsWith("'" + typed + "'"), refused::getMessage);
  }
}
