package dev.ioloop.loom.loop;

import dev.ioloop.http.conformance.LiveThreads;
import static dev.ioloop.api.LoopTesting.PATIENCE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ioloop.api.SocketPair;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The hand-over: one report per readiness, the next only after {@link ChannelWatcher#resume}. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChannelWatcherTest {
  private static final long QUIET_MILLIS = 300;
  private static final String NAME = "channel-watcher-test-";

  private final BlockingQueue<Integer> reports = new LinkedBlockingQueue<>();
  private final ThreadFactory threads = Thread.ofVirtual().name(NAME, 0).factory();

  @Test
  void reportsAReadyChannelOnceUntilResumed() throws Exception {
    try (SocketPair pair = SocketPair.open()) {
      pair.client().configureBlocking(false);
      SocketPair.write(pair.server(), "ab");
      ChannelWatcher watcher = ChannelWatcher.start(pair.client(), SelectionKey.OP_READ, reports::add, threads);

      assertEquals(SelectionKey.OP_READ, reports.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
      assertNull(reports.poll(QUIET_MILLIS, TimeUnit.MILLISECONDS), "still readable, but not resumed");

      watcher.resume(SelectionKey.OP_READ);
      assertEquals(SelectionKey.OP_READ, reports.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS), "level-triggered");

      pair.client().read(ByteBuffer.allocate(2));
      watcher.resume(SelectionKey.OP_READ);
      assertNull(reports.poll(QUIET_MILLIS, TimeUnit.MILLISECONDS), "drained");

      watcher.stop();
      assertFalse(pair.client().isRegistered());
      LiveThreads.awaitNone(NAME, PATIENCE);
    }
  }

  @Test
  void updateWakesASelectInProgress() throws Exception {
    try (SocketPair pair = SocketPair.open()) {
      pair.client().configureBlocking(false);
      ChannelWatcher watcher = ChannelWatcher.start(pair.client(), SelectionKey.OP_READ, reports::add, threads);
      assertNull(reports.poll(QUIET_MILLIS, TimeUnit.MILLISECONDS), "nothing to read");

      watcher.update(SelectionKey.OP_READ | SelectionKey.OP_WRITE);

      assertEquals(SelectionKey.OP_WRITE, reports.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
      watcher.stop();
      LiveThreads.awaitNone(NAME, PATIENCE);
    }
  }
}
