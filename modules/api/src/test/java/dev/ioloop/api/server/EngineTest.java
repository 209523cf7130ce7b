package dev.ioloop.api.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EngineTest {
  @Test
  void everyEngineIsFoundByItsOwnNameAndHasAPortOfItsOwn() {
    for (Engine engine : Engine.values()) {
      assertEquals(engine, Engine.named(engine.id()));
    }
    assertEquals(Engine.values().length,
        Arrays.stream(Engine.values()).mapToInt(Engine::defaultPort).distinct().count());
  }

  @Test
  void nettyEpollIsAReferenceNamedWithAHyphen() {
    assertEquals("netty-epoll", Engine.NETTY_EPOLL.id());
    assertEquals(8093, Engine.NETTY_EPOLL.defaultPort());
    assertTrue(Engine.NETTY_EPOLL.isReference());
    assertFalse(Engine.lab().contains(Engine.NETTY_EPOLL));
  }

  @Test
  void anUnknownNameListsTheKnownOnes() {
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> Engine.named("netty_epoll"));
    assertTrue(unknown.getMessage().contains("netty-epoll"), unknown.getMessage());
  }
}
