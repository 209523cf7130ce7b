package dev.ioloop.reactor.loop;

import static dev.ioloop.api.LoopTesting.PATIENCE;
import static dev.ioloop.api.LoopTesting.await;
import static dev.ioloop.api.LoopTesting.awaitIterations;
import static dev.ioloop.api.LoopTesting.runOnLoop;
import static dev.ioloop.api.SocketPair.readAscii;
import static dev.ioloop.api.SocketPair.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ioloop.api.CapturedLog;
import dev.ioloop.api.IOHandler;
import dev.ioloop.api.IOLoop;
import dev.ioloop.api.SocketPair;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Netty's selector rebuild, forced: every registration made before it must keep working on the new selector. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SelectorRebuildTest {
  private final SelectorIOLoop loop = new SelectorIOLoop();
  private final Thread loopThread = Thread.ofPlatform().name("test-" + loop.name()).start(loop::start);
  private final BlockingQueue<String> seen = new LinkedBlockingQueue<>();

  @AfterEach
  void stopAndClose() throws InterruptedException {
    loop.stop();
    loopThread.join(PATIENCE.toMillis());
    assertFalse(loopThread.isAlive());
    loop.close(true);
  }

  private String next() throws InterruptedException {
    return seen.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Test
  void rebuildKeepsEveryRegistrationWorking() throws Exception {
    try (ServerSocketChannel listener = SocketPair.listen();
        SocketPair reader = SocketPair.open();
        SocketPair writer = SocketPair.open();
        SocketPair later = SocketPair.open();
        CapturedLog log = CapturedLog.start()) {
      IOHandler acceptor = (channel, events) -> {
        ((ServerSocketChannel) channel).accept().close();
        seen.add("accepted");
      };
      IOHandler readerHandler = (channel, events) -> seen.add("read " + readAscii((SocketChannel) channel));
      IOHandler writerHandler = (channel, events) -> {
        loop.updateHandler(channel, IOLoop.READ); // once: nothing will come to read
        seen.add(events == IOLoop.WRITE ? "writable" : "unexpected " + events);
      };
      loop.addHandler(listener, acceptor, IOLoop.READ);
      loop.addHandler(reader.client(), readerHandler, IOLoop.READ);
      loop.addHandler(writer.client(), (channel, events) -> seen.add("unexpected " + events), IOLoop.READ);
      awaitIterations(loop, 1);

      runOnLoop(loop, loop::rebuildSelector);
      assertEquals(1, log.mentioning("moved 3 channels to a new selector").size());

      SocketChannel.open(listener.getLocalAddress()).close();
      assertEquals("accepted", next());
      write(reader.server(), "after the rebuild");
      assertEquals("read after the rebuild", next());

      // updateHandler and removeHandler reach the new selector
      loop.removeHandler(writer.client());
      loop.addHandler(writer.client(), writerHandler, IOLoop.READ);
      loop.updateHandler(writer.client(), IOLoop.WRITE);
      assertEquals("writable", next());
      loop.removeHandler(listener);
      SocketChannel.open(listener.getLocalAddress()).close();

      // A new registration, and a wakeup from another thread, reach it too: the loop sleeps without a deadline
      awaitIterations(loop, 1);
      Thread.sleep(10);
      CompletableFuture<Void> registered = new CompletableFuture<>();
      loop.addCallback(() -> registered.complete(null));
      await(registered);
      loop.addHandler(later.client(), readerHandler, IOLoop.READ);
      write(later.server(), "new");
      assertEquals("read new", next());

      awaitIterations(loop, 2);
      assertNull(seen.poll(), "the removed listener was called, or a handler saw what it did not ask for");
    }
  }
}
