package dev.ioloop.loom.loop;

import dev.ioloop.http.conformance.LiveThreads;
import static dev.ioloop.api.IOLoop.READ;
import static dev.ioloop.api.IOLoop.WRITE;
import static dev.ioloop.api.LoopTesting.PATIENCE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ioloop.api.IOHandler;
import dev.ioloop.api.SocketPair;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The poller of {@link VirtualThreadIOLoop}: readiness over real loopback sockets, changes, removal, no leaks. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VirtualThreadIOLoopTest {
  /** Long enough for a wrong event to show up, on a machine where nothing else is wrong. */
  private static final Duration QUIET = Duration.ofMillis(300);

  private record Call(SelectableChannel channel, int events) {}

  private final VirtualThreadIOLoop loop = new VirtualThreadIOLoop();
  private final List<AutoCloseable> opened = new ArrayList<>();

  @AfterEach
  void closeEverything() throws Exception {
    loop.close(true);
    for (AutoCloseable resource : opened) {
      resource.close();
    }
    LiveThreads.awaitNone(watcherPrefix(), PATIENCE);
  }

  private String watcherPrefix() {
    return loop.name() + "-watcher-";
  }

  private SocketPair pair() throws IOException {
    SocketPair pair = SocketPair.open();
    opened.add(pair);
    return pair;
  }

  private ServerSocketChannel listener() throws IOException {
    ServerSocketChannel listener = SocketPair.listen();
    opened.add(listener);
    return listener;
  }

  /** Runs the loop until {@code QUIET} has passed. */
  private void runQuietly() throws Exception {
    loop.runSync(() -> {
      CompletableFuture<Void> quiet = new CompletableFuture<>();
      loop.callLater(QUIET, () -> quiet.complete(null));
      return quiet;
    }, PATIENCE);
  }

  private static IOHandler recordingInto(List<Call> calls) {
    return (channel, events) -> calls.add(new Call(channel, events));
  }

  @Test
  void aServerSocketIsReadableWhenAConnectionWaits() throws Exception {
    ServerSocketChannel server = listener();
    opened.add(SocketChannel.open(server.getLocalAddress()));
    CompletableFuture<Call> call = new CompletableFuture<>();
    List<SocketChannel> accepted = new ArrayList<>();
    loop.addHandler(server, (channel, events) -> {
      accepted.add(((ServerSocketChannel) channel).accept());
      opened.addAll(accepted);
      call.complete(new Call(channel, events));
    }, READ);

    Call seen = loop.runSync(() -> call, PATIENCE);

    assertSame(server, seen.channel());
    assertEquals(READ, seen.events());
    assertNotNull(accepted.getFirst());
  }

  @Test
  void aConnectingSocketIsWritableOnceConnectedThenWritable() throws Exception {
    ServerSocketChannel server = listener();
    SocketChannel client = SocketChannel.open();
    opened.add(client);
    client.configureBlocking(false);
    client.connect(server.getLocalAddress());
    List<Call> calls = new ArrayList<>();
    List<Boolean> connectedBefore = new ArrayList<>();
    CompletableFuture<Void> twice = new CompletableFuture<>();
    loop.addHandler(client, (channel, events) -> {
      calls.add(new Call(channel, events));
      connectedBefore.add(client.isConnected());
      client.finishConnect();
      if (calls.size() == 2) {
        loop.removeHandler(client);
        twice.complete(null);
      }
    }, WRITE);

    loop.runSync(() -> twice, PATIENCE);

    assertEquals(List.of(new Call(client, WRITE), new Call(client, WRITE)), calls);
    // The second call can only come from OP_WRITE: the rearm after finishConnect() replaced OP_CONNECT.
    assertEquals(List.of(false, true), connectedBefore);
  }

  @Test
  void readinessRepeatsUntilTheDataIsDrainedAndNotAfter() throws Exception {
    SocketPair pair = pair();
    SocketPair.write(pair.server(), "abc");
    List<Integer> eventsPerCall = new ArrayList<>();
    List<Integer> bytesPerCall = new ArrayList<>();
    loop.addHandler(pair.client(), (channel, events) -> {
      eventsPerCall.add(events);
      bytesPerCall.add(((SocketChannel) channel).read(ByteBuffer.allocate(1)));
    }, READ);

    runQuietly();

    assertEquals(List.of(1, 1, 1), bytesPerCall, "one call per byte, no call once drained");
    assertEquals(List.of(READ, READ, READ), eventsPerCall);
  }

  @Test
  void anIdleChannelDoesNotSpinTheLoop() throws Exception {
    SocketPair pair = pair();
    List<Call> calls = new ArrayList<>();
    loop.addHandler(pair.client(), recordingInto(calls), READ);

    runQuietly();

    assertEquals(List.of(), calls);
    assertTrue(loop.stats().iterations() < 20, "iterations while idle: " + loop.stats().iterations());
  }

  @Test
  void updateHandlerOnTheLoopReachesAWatcherBlockedInSelect() throws Exception {
    SocketPair pair = pair();
    List<Call> calls = new ArrayList<>();
    loop.addHandler(pair.client(), (channel, events) -> {
      calls.add(new Call(channel, events));
      loop.updateHandler(channel, READ); // writable for good: once is enough
    }, READ);
    loop.callLater(Duration.ofMillis(100), () -> loop.updateHandler(pair.client(), READ | WRITE));

    runQuietly();

    assertEquals(List.of(new Call(pair.client(), WRITE)), calls);
  }

  @Test
  void updateHandlerFromAnotherThreadReachesAWatcherBlockedInSelect() throws Exception {
    SocketPair pair = pair();
    CompletableFuture<Call> call = new CompletableFuture<>();
    loop.addHandler(pair.client(), (channel, events) -> {
      loop.updateHandler(channel, READ);
      call.complete(new Call(channel, events));
    }, READ);

    Call seen = loop.runSync(() -> {
      Thread.ofVirtual().start(() -> {
        try {
          Thread.sleep(100); // lets the watcher block in select() with OP_READ alone
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        loop.updateHandler(pair.client(), WRITE);
      });
      return call;
    }, PATIENCE);

    assertEquals(new Call(pair.client(), WRITE), seen);
  }

  @Test
  void removeHandlerReleasesTheChannelAndEndsItsWatcher() throws Exception {
    SocketPair pair = pair();
    List<Call> calls = new ArrayList<>();
    AtomicBoolean registeredAfterRemoval = new AtomicBoolean(true);
    loop.addHandler(pair.client(), recordingInto(calls), READ);
    loop.callLater(Duration.ofMillis(50), () -> {
      loop.removeHandler(pair.client());
      registeredAfterRemoval.set(pair.client().isRegistered());
      SocketPair.write(pair.server(), "x");
    });

    runQuietly();

    assertEquals(List.of(), calls);
    assertFalse(registeredAfterRemoval.get(), "removeHandler closed the watcher's selector before it returned");
    LiveThreads.awaitNone(watcherPrefix(), PATIENCE);
  }

  @Test
  void aChannelRemovedAndAddedAgainGetsANewWatcher() throws Exception {
    SocketPair pair = pair();
    SocketPair.write(pair.server(), "x");
    List<Call> first = new ArrayList<>();
    CompletableFuture<Call> second = new CompletableFuture<>();
    loop.addHandler(pair.client(), recordingInto(first), READ);
    loop.removeHandler(pair.client());
    loop.addHandler(pair.client(), (channel, events) -> {
      loop.removeHandler(channel);
      second.complete(new Call(channel, events));
    }, READ);

    assertEquals(new Call(pair.client(), READ), loop.runSync(() -> second, PATIENCE));
    assertEquals(List.of(), first);
  }

  @Test
  void aHandlerRemovedByAnotherIsNeverCalledEvenWithItsReadinessQueued() throws Exception {
    SocketPair one = pair();
    SocketPair other = pair();
    SocketPair.write(one.server(), "x");
    SocketPair.write(other.server(), "x");
    List<SelectableChannel> called = new ArrayList<>();
    loop.addHandler(one.client(), (channel, events) -> {
      called.add(channel);
      loop.removeHandler(other.client());
      loop.removeHandler(channel);
    }, READ);
    loop.addHandler(other.client(), (channel, events) -> {
      called.add(channel);
      loop.removeHandler(one.client());
      loop.removeHandler(channel);
    }, READ);

    runQuietly();

    assertEquals(1, called.size(), "whichever ran first removed the other: " + called);
  }

  @Test
  void aHandlerThatClosesItsChannelWithoutRemovingItReleasesTheWatcher() throws Exception {
    SocketPair pair = pair();
    SocketPair.write(pair.server(), "x");
    List<Call> calls = new ArrayList<>();
    loop.addHandler(pair.client(), (channel, events) -> {
      calls.add(new Call(channel, events));
      channel.close();
    }, READ);

    runQuietly();

    assertEquals(List.of(new Call(pair.client(), READ)), calls);
    LiveThreads.awaitNone(watcherPrefix(), PATIENCE);
    assertFalse(pair.client().isRegistered(), "the watcher closed its selector on the way out");
  }

  @Test
  void closeStopsEveryWatcherAndClosesTheChannels() throws Exception {
    List<SocketPair> pairs = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      SocketPair pair = pair();
      pairs.add(pair);
      loop.addHandler(pair.client(), recordingInto(new ArrayList<>()), READ);
    }
    loop.runSync(() -> CompletableFuture.completedFuture(null), PATIENCE); // one pass: the watches start

    assertEquals(20, LiveThreads.named(watcherPrefix()).size());
    loop.close(true);

    for (SocketPair pair : pairs) {
      assertFalse(pair.client().isOpen());
      assertFalse(pair.client().isRegistered());
    }
    LiveThreads.awaitNone(watcherPrefix(), PATIENCE);
  }

  @Test
  void watchersBlockedInSelectLeaveTheCarriersToOtherVirtualThreads() throws Exception {
    int channels = 100;
    AtomicInteger served = new AtomicInteger();
    CompletableFuture<Void> all = new CompletableFuture<>();
    for (int i = 0; i < channels; i++) {
      SocketPair pair = pair();
      SocketPair.write(pair.server(), "x");
      loop.addHandler(pair.client(), (channel, events) -> {
        ((SocketChannel) channel).read(ByteBuffer.allocate(1));
        if (served.incrementAndGet() == channels) {
          all.complete(null);
        }
      }, READ);
    }
    loop.runSync(() -> all, PATIENCE); // every watcher went through select() and is back in it

    // Were a blocked select() to pin, two carriers would be taken and none of these could run.
    assertTimeoutPreemptively(PATIENCE, () -> {
      List<Thread> others = new ArrayList<>();
      for (int i = 0; i < 1_000; i++) {
        others.add(Thread.ofVirtual().start(Thread::yield));
      }
      for (Thread other : others) {
        other.join();
      }
    });
    assertEquals(channels, served.get());
  }
}
