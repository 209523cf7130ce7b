package dev.ioloop.tooling.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.ioloop.api.server.Engine;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PaletteTest {
  @Test
  void everyEngineHasItsOwnColour() {
    List<String> colours = Arrays.stream(Engine.values()).map(Palette::of).toList();
    colours.forEach(colour -> assertNotNull(colour));
    assertEquals(colours.size(), colours.stream().distinct().count());
  }

  @Test
  void aServerKeepsItsColourWhateverElseIsShown() {
    assertEquals(Palette.of(Engine.JETTY), Palette.of(List.of("jetty")).get("jetty"));
    assertEquals(Palette.of(Engine.JETTY), Palette.of(List.of("netty", "loom", "jetty")).get("jetty"));
  }

  @Test
  void namesThatAreNoEngineTakeTheColoursNoEngineHas() {
    Map<String, String> colours = Palette.of(List.of("reactor", "mine", "theirs", "mine"));
    assertEquals(List.of("reactor", "mine", "theirs"), List.copyOf(colours.keySet()));
    assertEquals("#000000", colours.get("mine"));
    assertEquals("#F0E442", colours.get("theirs"));
  }
}
