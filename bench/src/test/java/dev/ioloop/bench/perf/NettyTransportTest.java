package dev.ioloop.bench.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ioloop.bench.reference.NettyReferenceServer;
import dev.ioloop.bench.reference.NettyReferenceServer.Transport;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollServerSocketChannel;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Netty on its native epoll transport puts on the wire what it puts there on NIO: like is compared with like. */
class NettyTransportTest {
  @Test
  void epollAnswersTheSameBytesAsNio() throws Exception {
    Assumptions.assumeTrue(Epoll.isAvailable(), () -> "Netty's epoll is not available here: "
        + Epoll.unavailabilityCause());
    try (NettyReferenceServer.Running nio = NettyReferenceServer.start(Transport.NIO, 0);
         NettyReferenceServer.Running epoll = NettyReferenceServer.start(Transport.EPOLL, 0)) {
      assertTrue(epoll.listener() instanceof EpollServerSocketChannel, "on epoll indeed");
      for (String target : List.of("/api/hello", "/api/sleep?ms=20", "/api/sleep?ms=x", "/nowhere")) {
        String answer = ResponseBytes.fetch(nio.port(), target);
        assertEquals(answer, ResponseBytes.fetch(epoll.port(), target), target);
      }
      assertTrue(ResponseBytes.fetch(epoll.port(), "/api/hello").startsWith("HTTP/1.1 200 "));
    }
  }

  @Test
  void aTransportIsNioOrEpoll() {
    assertEquals(Transport.EPOLL, Transport.named("epoll"));
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> Transport.named("kqueue"));
    assertEquals("unknown transport 'kqueue'; choose nio or epoll", unknown.getMessage());
  }
}
