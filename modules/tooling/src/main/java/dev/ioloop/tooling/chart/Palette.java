package dev.ioloop.tooling.chart;

import dev.ioloop.api.server.Engine;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Each server's colour, the one it has in every chart of every page (the comparison page, the bench's chart):
 * colour-blind-safe (Okabe and Ito), one per {@link Engine}; Netty's epoll transport a darker shade of Netty's
 * orange (the same server on another transport; the two Okabe and Ito colours left go to names that are no
 * engine's). A name that is no engine (a run labelled by hand) gets
 * one of the colours no engine has, in turn.
 */
public final class Palette {
  private static final Map<Engine, String> ENGINES = new EnumMap<>(Map.of(
      Engine.REACTOR, "#0072B2",
      Engine.LOOM, "#D55E00",
      Engine.JETTY, "#009E73",
      Engine.PLATFORM, "#CC79A7",
      Engine.NETTY, "#E69F00",
      Engine.HELIDON, "#56B4E9",
      Engine.NETTY_EPOLL, "#8F5E00"));
  /** For names that are no engine's: the rest of Okabe and Ito's colours, then greys. */
  private static final List<String> OTHERS = List.of("#000000", "#F0E442", "#999999", "#555555");

  private Palette() {}

  /** The engine's colour. */
  public static String of(Engine engine) {
    return ENGINES.get(engine);
  }

  /** The colour of each name, in their order: an engine's own, else the next of the others (repeating). */
  public static Map<String, String> of(List<String> names) {
    Map<String, String> colours = new LinkedHashMap<>();
    List<String> others = new ArrayList<>();
    for (String name : names) {
      if (colours.containsKey(name)) {
        continue;
      }
      Optional<Engine> engine = engine(name);
      if (engine.isPresent()) {
        colours.put(name, of(engine.get()));
      } else {
        colours.put(name, OTHERS.get(others.size() % OTHERS.size()));
        others.add(name);
      }
    }
    return colours;
  }

  private static Optional<Engine> engine(String name) {
    try {
      return Optional.of(Engine.named(name));
    } catch (IllegalArgumentException notAnEngine) {
      return Optional.empty();
    }
  }
}
