package dev.ioloop.api;

import static dev.ioloop.api.LoopTesting.PATIENCE;
import static dev.ioloop.api.LoopTesting.await;
import static dev.ioloop.api.LoopTesting.awaitIterations;
import static dev.ioloop.api.LoopTesting.callOnLoop;
import static dev.ioloop.api.LoopTesting.runOnLoop;
import static dev.ioloop.api.SocketPair.ascii;
import static dev.ioloop.api.SocketPair.readAscii;
import static dev.ioloop.api.SocketPair.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link IOLoop} contract (docs/contract.md), as tests every implementation runs by extending this class. Tests are named
 * after Tornado's {@code ioloop_test.py} where Tornado has the case; the rest come from docs/contract.md and Netty's lessons.
 *
 * <p>Tornado cases with no Java meaning are left out: signals ({@code add_callback_from_signal}), file descriptors
 * next to file objects ({@code mixed_fd_fileobj}), {@code IOLoop.current()}, stack contexts, coroutines, asyncio and
 * executor configuration, and a callback's return value ({@code add_callback_return_sequence}).
 *
 * <p>Rules for the tests themselves: nothing depends on how an implementation waits for readiness, nor on a handler
 * being called exactly once per readiness; nothing asserts speed except the two wakeup tests, which take the median of
 * five tries against Tornado's 100 ms; every wait is bounded; every loop, thread and socket a test opens is stopped or
 * closed after it. Time-driven behaviour runs on a {@link FakeClock}, so it does not depend on the machine's speed.
 */
// Fully qualified: dev.ioloop.api.Timeout is the loop's timeout handle.
@org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
public abstract class IOLoopContractTest {
  /** Tornado's PeriodicCallback tests count in seconds; here one of their units is a fake millisecond. */
  private static final long UNIT = 1_000_000;
  private static final Runnable NOTHING = () -> {};

  private final List<MeasuredLoop> loops = new CopyOnWriteArrayList<>();
  private final Map<MeasuredLoop, Thread> loopThreads = new ConcurrentHashMap<>();
  private final List<Throwable> loopThreadFailures = new CopyOnWriteArrayList<>();
  private final List<Closeable> resources = new CopyOnWriteArrayList<>();

  /** A new, never started loop of the implementation under test whose {@link IOLoop#time()} is {@code clock}. */
  protected abstract MeasuredLoop newLoop(LongSupplier clock);

  /** A new loop on {@link System#nanoTime()}. */
  protected MeasuredLoop newLoop() {
    return newLoop(System::nanoTime);
  }

  @AfterEach
  void stopAndCloseEverything() throws Exception {
    try {
      loops.forEach(MeasuredLoop::stop);
      for (Thread thread : loopThreads.values()) {
        thread.join(PATIENCE.toMillis());
        assertFalse(thread.isAlive(), thread + " did not stop");
      }
      loops.forEach(MeasuredLoop::close);
      assertEquals(List.of(), loopThreadFailures, "start() failed on a loop thread");
    } finally {
      for (Closeable resource : resources) {
        resource.close();
      }
    }
  }

  // -------------------------------------------------------------------------------------------------------------------
  // addCallback
  // -------------------------------------------------------------------------------------------------------------------

  @Test
  void testAddCallbackWakeup() throws Exception {
    // A callback added by a timeout runs at once, not after the poll's timeout (there is none: it would wait for ever).
    MeasuredLoop loop = running(loop());
    long medianMillis = medianMillis(() -> {
      CompletableFuture<Long> latency = new CompletableFuture<>();
      loop.callAt(loop.time(), () -> {
        long added = System.nanoTime();
        loop.addCallback(() -> latency.complete(System.nanoTime() - added));
      });
      return await(latency);
    });
    assertTrue(medianMillis < 100, "median latency " + medianMillis + " ms");
  }

  @Test
  void testAddCallbackWakeupOtherThread() throws Exception {
    // The loop sleeps with no deadline; only the wakeup of addCallback from this thread can make it run the callback.
    MeasuredLoop loop = running(loop());
    long medianMillis = medianMillis(() -> {
      awaitIterations(loop, 1);
      Thread.sleep(10); // let the loop go back to its poll
      CompletableFuture<Long> latency = new CompletableFuture<>();
      long added = System.nanoTime();
      loop.addCallback(() -> latency.complete(System.nanoTime() - added));
      return await(latency);
    });
    assertTrue(medianMillis < 100, "median latency " + medianMillis + " ms");
  }

  @Test
  void testAddCallbackWhileClosing() throws Exception {
    // Callbacks that race with another thread closing the loop are dropped silently, never with an exception.
    MeasuredLoop loop = loop();
    CountDownLatch closing = new CountDownLatch(1);
    loop.addCallback(loop::stop);
    Thread closer = Thread.ofPlatform().start(() -> {
      loop.start();
      closing.countDown();
      loop.close(true);
    });
    await(closing);
    for (int i = 0; i < 1000; i++) {
      loop.addCallback(NOTHING);
    }
    closer.join(PATIENCE.toMillis());
    assertFalse(closer.isAlive());
  }

  @Test
  void testCallbacksAddedDuringAnIterationRunOnTheNext() throws Exception {
    MeasuredLoop loop = loop();
    List<String> order = new CopyOnWriteArrayList<>();
    List<Long> iterationOf = new CopyOnWriteArrayList<>(); // completed iterations, read while each one runs
    CompletableFuture<Void> done = new CompletableFuture<>();
    loop.addCallback(() -> {
      order.add("first");
      iterationOf.add(loop.stats().iterations());
      loop.addCallback(() -> {
        order.add("added by first");
        iterationOf.add(loop.stats().iterations());
        done.complete(null);
      });
    });
    loop.addCallback(() -> {
      order.add("second");
      iterationOf.add(loop.stats().iterations());
    });
    running(loop);
    await(done);
    assertEquals(List.of("first", "second", "added by first"), order);
    assertEquals(iterationOf.get(0), iterationOf.get(1), "callbacks queued before an iteration all run in it");
    assertEquals(iterationOf.get(0) + 1, iterationOf.get(2), "a callback added meanwhile waits for the next one");
  }

  @Test
  void testAddCallbackKeepsEachThreadsOrder() throws Exception {
    MeasuredLoop loop = running(loop());
    int perThread = 1000;
    List<List<Integer>> seen = List.of(new ArrayList<>(), new ArrayList<>()); // touched on the loop thread only
    CountDownLatch ran = new CountDownLatch(2 * perThread);
    List<Thread> producers = IntStream.range(0, 2).mapToObj(producer -> Thread.ofPlatform().start(() -> {
      for (int i = 0; i < perThread; i++) {
        int number = i;
        loop.addCallback(() -> {
          seen.get(producer).add(number);
          ran.countDown();
        });
      }
    })).toList();
    await(ran);
    for (Thread producer : producers) {
      producer.join();
    }
    List<Integer> inOrder = IntStream.range(0, perThread).boxed().toList();
    assertEquals(inOrder, callOnLoop(loop, () -> List.copyOf(seen.get(0))));
    assertEquals(inOrder, callOnLoop(loop, () -> List.copyOf(seen.get(1))));
  }

  @Test
  void testCallbackAddingItselfDoesNotStarveTimeoutsOrHandlers() throws Exception {
    // Why callbacks added during an iteration wait for the next one: a callback that re-adds itself must not starve
    // timeouts and I/O.
    MeasuredLoop loop = running(loop());
    SocketPair pair = closeAfter(SocketPair.open());
    CompletableFuture<Void> timeoutRan = new CompletableFuture<>();
    CompletableFuture<Void> handlerRan = new CompletableFuture<>();
    AtomicBoolean spinning = new AtomicBoolean(true);
    runOnLoop(loop, () -> {
      Runnable spinner = new Runnable() {
        @Override
        public void run() {
          if (spinning.get()) {
            loop.addCallback(this);
          }
        }
      };
      loop.addCallback(spinner);
      loop.callLater(Duration.ZERO, () -> timeoutRan.complete(null));
      loop.addHandler(pair.client(), (channel, events) -> {
        loop.removeHandler(channel);
        handlerRan.complete(null);
      }, IOLoop.READ);
    });
    pair.server().write(ascii("x"));
    try {
      await(timeoutRan);
      await(handlerRan);
    } finally {
      spinning.set(false);
    }
  }

  @Test
  void testAddCallbackFromLoopThreadWakesNothing() throws Exception {
    MeasuredLoop loop = running(loop());
    CompletableFuture<Long> wakeupsMeanwhile = new CompletableFuture<>();
    loop.addCallback(() -> {
      long before = loop.stats().wakeups();
      for (int i = 0; i < 100; i++) {
        loop.addCallback(NOTHING);
      }
      loop.removeTimeout(loop.callLater(Duration.ofMillis(1), NOTHING));
      loop.addFuture(CompletableFuture.completedFuture(null), future -> {});
      // Queued after the others, read two iterations later: only this thread touched the loop in between.
      loop.addCallback(() -> loop.addCallback(() -> wakeupsMeanwhile.complete(loop.stats().wakeups() - before)));
    });
    assertEquals(0, await(wakeupsMeanwhile));
  }

  // -------------------------------------------------------------------------------------------------------------------
  // Timeouts
  // -------------------------------------------------------------------------------------------------------------------

  @Test
  void testAddTimeoutTimedelta() throws Exception {
    MeasuredLoop loop = running(loop());
    CompletableFuture<Void> ran = new CompletableFuture<>();
    loop.callLater(Duration.ofNanos(1000), () -> ran.complete(null));
    await(ran);
  }

  @Test
  void testTimeoutWithArguments() throws Exception {
    // Each way of scheduling "now" runs, in the order scheduled (Tornado: PollIOLoop guarantees the order).
    MeasuredLoop loop = loop();
    List<Integer> results = new CopyOnWriteArrayList<>();
    loop.callAt(loop.time(), () -> results.add(1));
    loop.callLater(Duration.ZERO, () -> results.add(2));
    loop.callAt(loop.time(), () -> results.add(3));
    loop.callLater(Duration.ofNanos(0), () -> results.add(4));
    CompletableFuture<Void> done = new CompletableFuture<>();
    loop.callLater(Duration.ZERO, () -> done.complete(null));
    running(loop);
    await(done);
    assertEquals(List.of(1, 2, 3, 4), results);
  }

  @Test
  void testCallAtReturn() throws Exception {
    FakeClock clock = new FakeClock(1000 * UNIT);
    MeasuredLoop loop = running(loop(clock));
    Timeout handle = loop.callAt(1234 * UNIT, NOTHING);
    assertNotNull(handle);
    assertEquals(1234 * UNIT, handle.deadline());
    loop.removeTimeout(handle);
  }

  @Test
  void testCallLaterReturn() throws Exception {
    FakeClock clock = new FakeClock(1000 * UNIT);
    MeasuredLoop loop = running(loop(clock));
    Timeout handle = loop.callLater(Duration.ofSeconds(5), NOTHING);
    assertNotNull(handle);
    assertEquals(1000 * UNIT + Duration.ofSeconds(5).toNanos(), handle.deadline());
    loop.removeTimeout(handle);
  }

  @Test
  void testRemoveTimeoutAfterFire() throws Exception {
    // It is not an error to remove a timeout after it has run, or twice.
    MeasuredLoop loop = running(loop());
    CompletableFuture<Void> ran = new CompletableFuture<>();
    Timeout handle = loop.callAt(loop.time(), () -> ran.complete(null));
    await(ran);
    loop.removeTimeout(handle);
    loop.removeTimeout(handle);
    runOnLoop(loop, () -> {
      loop.removeTimeout(handle);
      loop.removeTimeout(handle);
    });
  }

  @Test
  void testRemoveTimeoutCleanup() throws Exception {
    // Thousands of timeouts added and removed, from every kind of caller, leave nothing behind: the heap is compacted.
    FakeClock clock = new FakeClock(1000 * UNIT);
    MeasuredLoop loop = loop(clock);
    long hourLater = clock.getAsLong() + Duration.ofHours(1).toNanos();
    addAndRemoveTimeouts(loop, hourLater, 2000); // before the loop runs, as Tornado's test does
    running(loop);
    // A live timeout ahead of the cancelled ones: only compaction, not the loop's look at the top, can drop them.
    loop.callAt(hourLater - 1, NOTHING);
    int bound = IOLoop.TIMEOUT_COMPACTION_THRESHOLD + 1;
    for (int round = 0; round < 3; round++) {
      runOnLoop(loop, () -> addAndRemoveTimeouts(loop, hourLater, 2000));
      awaitIterations(loop, 2);
      assertTrue(loop.stats().pendingTimeouts() <= bound, "after the loop thread's round " + round + ": " + loop.stats());
      addAndRemoveTimeouts(loop, hourLater, 2000);
      awaitIterations(loop, 2);
      assertTrue(loop.stats().pendingTimeouts() <= bound, "after another thread's round " + round + ": " + loop.stats());
    }
  }

  @Test
  void testRemoveTimeoutCompactsPastThresholdAndHalfTheHeap() throws Exception {
    FakeClock clock = new FakeClock(1000 * UNIT);
    MeasuredLoop loop = running(loop(clock));
    long hourLater = clock.getAsLong() + Duration.ofHours(1).toNanos();
    int threshold = IOLoop.TIMEOUT_COMPACTION_THRESHOLD;
    loop.callAt(hourLater - 1, NOTHING); // live and first, so cancelled ones never surface at the top

    runOnLoop(loop, () -> addAndRemoveTimeouts(loop, hourLater, threshold));
    awaitIterations(loop, 2);
    assertEquals(1 + threshold, loop.stats().pendingTimeouts(), "at the threshold, cancelled timeouts stay (lazily)");

    runOnLoop(loop, () -> addAndRemoveTimeouts(loop, hourLater, 1));
    awaitIterations(loop, 2);
    assertEquals(1, loop.stats().pendingTimeouts(), "past it, and past half the heap, they are swept");

    List<Timeout> live = callOnLoop(loop, () ->
        IntStream.range(0, 2 * threshold).mapToObj(i -> loop.callAt(hourLater, NOTHING)).toList());
    runOnLoop(loop, () -> addAndRemoveTimeouts(loop, hourLater, threshold + 100));
    awaitIterations(loop, 2);
    assertEquals(1 + live.size() + threshold + 100, loop.stats().pendingTimeouts(),
        "past the threshold but not half the heap, they stay");
  }

  @Test
  void testRemoveTimeoutFromTimeout() throws Exception {
    // t2 is cancelled by t1 after both were taken as due in the same iteration: it must not run.
    FakeClock clock = new FakeClock(1000 * UNIT);
    MeasuredLoop loop = running(loop(clock));
    long now = clock.getAsLong();
    List<String> calls = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    runOnLoop(loop, () -> {
      Timeout[] t2 = new Timeout[1];
      loop.callAt(now + 10 * UNIT, () -> {
        calls.add("t1");
        loop.removeTimeout(t2[0]);
      });
      t2[0] = loop.callAt(now + 20 * UNIT, () -> calls.add("t2"));
      loop.callAt(now + 30 * UNIT, () -> done.complete(null));
    });
    clock.advance(30 * UNIT);
    awaitIterations(loop, 1); // the clock moved: make the loop look
    await(done);
    assertEquals(List.of("t1"), calls);
  }

  @Test
  void testTimeoutsDueAreTakenBeforeAnyRuns() throws Exception {
    // A timeout that schedules another one already due does not run it in the same iteration.
    FakeClock clock = new FakeClock(1000 * UNIT);
    MeasuredLoop loop = running(loop(clock));
    List<Long> iterationOf = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    runOnLoop(loop, () -> loop.callAt(clock.getAsLong(), () -> {
      iterationOf.add(loop.stats().iterations());
      loop.callAt(clock.getAsLong() - UNIT, () -> {
        iterationOf.add(loop.stats().iterations());
        done.complete(null);
      });
    }));
    await(done);
    assertEquals(iterationOf.get(0) + 1, iterationOf.get(1));
  }

  @Test
  void testEqualDeadlinesRunFifo() throws Exception {
    FakeClock clock = new FakeClock(1000 * UNIT);
    MeasuredLoop loop = running(loop(clock));
    long base = clock.getAsLong() + 10 * UNIT;
    int count = 300;
    List<Integer> ran = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(count);
    runOnLoop(loop, () -> {
      for (int i = 0; i < count; i++) {
        int number = i;
        loop.callAt(base + (i * 7 % 3) * UNIT, () -> {
          ran.add(number);
          done.countDown();
        });
      }
    });
    clock.advance(20 * UNIT);
    awaitIterations(loop, 1);
    await(done);
    List<Integer> expected = IntStream.range(0, count).boxed()
        .sorted(Comparator.comparingInt((Integer i) -> i * 7 % 3).thenComparingInt(i -> i)).toList();
    assertEquals(expected, ran);
  }

  // -------------------------------------------------------------------------------------------------------------------
  // Handlers
  // -------------------------------------------------------------------------------------------------------------------

  @Test
  void testMultipleAdd() throws Exception {
    MeasuredLoop loop = running(loop());
    ServerSocketChannel listener = closeAfter(SocketPair.listen());
    loop.addHandler(listener, (channel, events) -> {}, IOLoop.READ);
    assertThrows(IllegalStateException.class, () -> loop.addHandler(listener, (channel, events) -> {}, IOLoop.READ));
    runOnLoop(loop, () ->
        assertThrows(IllegalStateException.class, () -> loop.addHandler(listener, (ch, events) -> {}, IOLoop.WRITE)));
    loop.removeHandler(listener);
  }

  @Test
  void testRemoveWithoutAdd() throws Exception {
    MeasuredLoop loop = running(loop());
    ServerSocketChannel listener = closeAfter(SocketPair.listen());
    loop.removeHandler(listener);
    runOnLoop(loop, () -> loop.removeHandler(listener));
    listener.close();
    loop.removeHandler(listener);
  }

  @Test
  void testHandlerCallbackFileObject() throws Exception {
    // The handler receives the very channel object it registered; READ on a listening socket means acceptable.
    MeasuredLoop loop = running(loop());
    ServerSocketChannel listener = closeAfter(SocketPair.listen());
    BlockingQueue<SelectableChannel> calledWith = new ArrayBlockingQueue<>(10);
    List<Integer> events = new CopyOnWriteArrayList<>();
    loop.addHandler(listener, (channel, ready) -> {
      events.add(ready);
      SocketChannel connection = ((ServerSocketChannel) channel).accept();
      if (connection != null) {
        connection.close();
        calledWith.add(channel);
      }
    }, IOLoop.READ);
    closeAfter(SocketChannel.open(listener.getLocalAddress()));
    assertSame(listener, calledWith.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
    loop.removeHandler(listener);
    assertTrue(events.stream().allMatch(ready -> ready == IOLoop.READ), events::toString);
  }

  @Test
  void testAddHandlerMakesChannelNonBlocking() throws Exception {
    MeasuredLoop loop = running(loop());
    SocketPair pair = closeAfter(SocketPair.open());
    assertTrue(pair.client().isBlocking());
    loop.addHandler(pair.client(), (channel, events) -> {}, IOLoop.READ);
    assertFalse(pair.client().isBlocking());
    loop.removeHandler(pair.client());
  }

  @Test
  void testReadWhileWriteable() throws Exception {
    // Write events must not come in while the handler waits for a read and has not asked for writability.
    MeasuredLoop loop = running(loop());
    SocketPair pair = closeAfter(SocketPair.open());
    List<Integer> events = new CopyOnWriteArrayList<>();
    CompletableFuture<String> received = new CompletableFuture<>();
    loop.addHandler(pair.client(), (channel, ready) -> {
      events.add(ready);
      received.complete(readAscii((SocketChannel) channel));
    }, IOLoop.READ);
    loop.callLater(Duration.ofMillis(10), () -> write(pair.server(), "asdf"));
    assertEquals("asdf", await(received));
    awaitIterations(loop, 2);
    loop.removeHandler(pair.client());
    assertTrue(events.stream().allMatch(ready -> ready == IOLoop.READ), events::toString);
  }

  @Test
  void testRemoveHandlerFromHandler() throws Exception {
    // Both ends are readable at once; the first handler called removes the other, which must not be called.
    MeasuredLoop loop = running(loop());
    SocketPair pair = closeAfter(SocketPair.open());
    pair.client().write(ascii("abc"));
    pair.server().write(ascii("abc"));
    List<SelectableChannel> called = new CopyOnWriteArrayList<>();
    CompletableFuture<String> firstRead = new CompletableFuture<>();
    IOHandler readThenRemoveTheOther = (channel, events) -> {
      called.add(channel);
      firstRead.complete(readAscii((SocketChannel) channel));
      loop.removeHandler(channel == pair.client() ? pair.server() : pair.client());
    };
    runOnLoop(loop, () -> { // in one callback, so that both are watched from the same poll on
      loop.addHandler(pair.client(), readThenRemoveTheOther, IOLoop.READ);
      loop.addHandler(pair.server(), readThenRemoveTheOther, IOLoop.READ);
    });
    assertEquals("abc", await(firstRead));
    awaitIterations(loop, 3); // the removed end still has data: a stale watch would report it now
    assertEquals(1, called.stream().distinct().count(), "the removed handler was called");
    loop.removeHandler(called.getFirst());
  }

  @Test
  void testWriteMeansConnectable() throws Exception {
    // WRITE on a connecting socket means connectable; once connected it means writable (and does not spin).
    MeasuredLoop loop = running(loop());
    ServerSocketChannel listener = closeAfter(SocketPair.listen());
    SocketChannel socket = closeAfter(SocketChannel.open());
    socket.configureBlocking(false);
    socket.connect(listener.getLocalAddress());
    List<Integer> events = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> wrote = new CompletableFuture<>();
    loop.addHandler(socket, (channel, ready) -> {
      events.add(ready);
      SocketChannel connecting = (SocketChannel) channel;
      if (connecting.isConnectionPending()) {
        assertTrue(connecting.finishConnect());
      } else {
        connecting.write(ascii("hi"));
        loop.removeHandler(connecting);
        wrote.complete(null);
      }
    }, IOLoop.WRITE);
    await(wrote);
    try (SocketChannel accepted = listener.accept()) {
      assertEquals("hi", readAscii(accepted));
    }
    assertTrue(events.stream().allMatch(ready -> ready == IOLoop.WRITE), events::toString);
  }

  @Test
  void testPeerCloseIsReportedAsRead() throws Exception {
    // NIO reports a hang-up as readiness of what the handler watches: READ, and the read sees the end of stream.
    MeasuredLoop loop = running(loop());
    SocketPair pair = closeAfter(SocketPair.open());
    CompletableFuture<Integer> read = new CompletableFuture<>();
    loop.addHandler(pair.client(), (channel, events) -> {
      loop.removeHandler(channel);
      read.complete(((SocketChannel) channel).read(ByteBuffer.allocate(16)));
    }, IOLoop.READ);
    pair.server().close();
    assertEquals(-1, await(read));
  }

  @Test
  void testUpdateHandler() throws Exception {
    MeasuredLoop loop = running(loop());
    SocketPair pair = closeAfter(SocketPair.open());
    List<Integer> events = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> writable = new CompletableFuture<>();
    CompletableFuture<String> received = new CompletableFuture<>();
    loop.addHandler(pair.client(), (channel, ready) -> {
      events.add(ready);
      if (ready == IOLoop.WRITE) {
        loop.updateHandler(channel, IOLoop.READ); // from the loop thread
        writable.complete(null);
      } else {
        received.complete(readAscii((SocketChannel) channel));
      }
    }, IOLoop.READ);
    loop.updateHandler(pair.client(), IOLoop.WRITE); // from another thread
    await(writable);
    pair.server().write(ascii("x"));
    assertEquals("x", await(received));
    loop.removeHandler(pair.client());
    assertEquals(IOLoop.WRITE, events.getFirst());
    assertTrue(events.stream().skip(1).allMatch(ready -> ready == IOLoop.READ), events::toString);
  }

  @Test
  void testRemoveAndAddAgainInOneIteration() throws Exception {
    // A channel removed and registered again before the loop polls in between (NIO: its cancelled key is still there).
    MeasuredLoop loop = running(loop());
    SocketPair pair = closeAfter(SocketPair.open());
    CompletableFuture<String> received = new CompletableFuture<>();
    runOnLoop(loop, () -> {
      loop.addHandler(pair.client(), (channel, events) -> received.complete("by the removed handler"), IOLoop.READ);
      loop.removeHandler(pair.client());
      loop.addHandler(pair.client(), (channel, events) -> received.complete(readAscii((SocketChannel) channel)),
          IOLoop.READ);
    });
    awaitIterations(loop, 1);
    runOnLoop(loop, () -> {
      loop.removeHandler(pair.client());
      loop.addHandler(pair.client(), (channel, events) -> received.complete(readAscii((SocketChannel) channel)),
          IOLoop.READ);
    });
    pair.server().write(ascii("again"));
    assertEquals("again", await(received));
    loop.removeHandler(pair.client());
  }

  @Test
  void testHandlerRegistrationFromOtherThreads() throws Exception {
    MeasuredLoop loop = running(loop());
    ServerSocketChannel first = closeAfter(SocketPair.listen());
    ServerSocketChannel second = closeAfter(SocketPair.listen());
    BlockingQueue<SelectableChannel> accepted = new ArrayBlockingQueue<>(10);
    IOHandler acceptor = (channel, events) -> {
      SocketChannel connection = ((ServerSocketChannel) channel).accept();
      if (connection != null) {
        connection.close();
        accepted.add(channel);
      }
    };
    loop.addHandler(first, acceptor, IOLoop.READ);
    closeAfter(SocketChannel.open(first.getLocalAddress()));
    assertSame(first, accepted.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));

    loop.removeHandler(first);
    closeAfter(SocketChannel.open(first.getLocalAddress())); // pending on first, which nobody watches now
    loop.addHandler(second, acceptor, IOLoop.READ);
    closeAfter(SocketChannel.open(second.getLocalAddress()));
    assertSame(second, accepted.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
    awaitIterations(loop, 2);
    assertEquals(List.of(), List.copyOf(accepted), "a removed handler was called");
    assertEquals(1, loop.stats().registeredChannels());
  }

  @Test
  void testCloseFileObject() throws Exception {
    // close(true) closes every registered channel, also on a loop that never ran; close(false) closes none.
    ServerSocketChannel listener = closeAfter(SocketPair.listen());
    MeasuredLoop neverStarted = loop();
    neverStarted.addHandler(listener, (channel, events) -> {}, IOLoop.READ);
    neverStarted.close(true);
    assertFalse(listener.isOpen());

    SocketPair pair = closeAfter(SocketPair.open());
    MeasuredLoop stopped = running(loop());
    stopped.addHandler(pair.client(), (channel, events) -> {}, IOLoop.READ);
    stopped.addHandler(pair.server(), (channel, events) -> {}, IOLoop.READ);
    awaitIterations(stopped, 1);
    stopInBackground(stopped);
    stopped.close(true);
    assertFalse(pair.client().isOpen());
    assertFalse(pair.server().isOpen());

    SocketPair kept = closeAfter(SocketPair.open());
    MeasuredLoop closedAlone = running(loop());
    closedAlone.addHandler(kept.client(), (channel, events) -> {}, IOLoop.READ);
    awaitIterations(closedAlone, 1);
    stopInBackground(closedAlone);
    closedAlone.close(false);
    assertTrue(kept.client().isOpen());
  }

  // -------------------------------------------------------------------------------------------------------------------
  // start and stop
  // -------------------------------------------------------------------------------------------------------------------

  @Test
  void testReentrant() throws Exception {
    // Calling start() on a running loop raises rather than deadlocks.
    MeasuredLoop loop = running(loop());
    Throwable thrown = callOnLoop(loop, () -> {
      try {
        loop.start();
        return null;
      } catch (Throwable e) {
        return e;
      }
    });
    assertInstanceOf(IllegalStateException.class, thrown);
    awaitIterations(loop, 1); // and it still runs
  }

  @Test
  void testStopBeforeStartReturnsAtOnce() throws Exception {
    MeasuredLoop loop = loop();
    AtomicInteger ran = new AtomicInteger();
    loop.addCallback(ran::incrementAndGet);
    loop.stop();
    loop.start(); // returns at once (else the test times out) and consumes the stop
    assertEquals(0, ran.get(), "start() after stop() returned without running an iteration");
    loop.addCallback(loop::stop);
    loop.start(); // the stop was consumed: this one runs until its own stop
    assertEquals(1, ran.get());
  }

  @Test
  void testStopTakesEffectAfterTheCurrentIteration() throws Exception {
    MeasuredLoop loop = loop();
    List<String> ran = new CopyOnWriteArrayList<>();
    loop.addCallback(() -> {
      loop.stop();
      ran.add("stopping");
      loop.addCallback(() -> ran.add("next iteration"));
    });
    loop.addCallback(() -> ran.add("same iteration"));
    loop.start();
    assertEquals(List.of("stopping", "same iteration"), ran);
    loop.addCallback(loop::stop);
    loop.start(); // what the stopped iteration queued waits for the next start
    assertEquals(List.of("stopping", "same iteration", "next iteration"), ran);
  }

  @Test
  void testStopFromOtherThread() throws Exception {
    MeasuredLoop loop = loop();
    Thread thread = startInBackground(loop);
    awaitIterations(loop, 1);
    Thread.sleep(10); // let the loop go back to sleep without a deadline: only the stop's wakeup can end it
    loop.stop();
    thread.join(PATIENCE.toMillis());
    assertFalse(thread.isAlive());
  }

  @Test
  void testStartAfterCloseRaises() {
    MeasuredLoop loop = loop();
    loop.close();
    assertThrows(IllegalStateException.class, loop::start);
  }

  @Test
  void testInitCloseRace() throws Exception {
    List<Thread> threads = IntStream.range(0, 2).mapToObj(i -> Thread.ofPlatform().start(() -> {
      for (int j = 0; j < 10; j++) {
        newLoop().close();
      }
    })).toList();
    for (Thread thread : threads) {
      thread.join(PATIENCE.toMillis());
      assertFalse(thread.isAlive());
    }
  }

  // -------------------------------------------------------------------------------------------------------------------
  // Exceptions are logged with the callback's identity, and the loop goes on
  // -------------------------------------------------------------------------------------------------------------------

  @Test
  void testExceptionLogging() throws Exception {
    MeasuredLoop loop = running(loop());
    RuntimeException failure = new ArithmeticException("/ by zero");
    try (CapturedLog log = CapturedLog.start()) {
      loop.addCallback(named("the failing callback", () -> {
        throw failure;
      }));
      awaitIterations(loop, 1);
      assertLoggedOnce(log, "the failing callback", failure);
    }
  }

  @Test
  void testExceptionLoggingTimeout() throws Exception {
    MeasuredLoop loop = running(loop());
    RuntimeException failure = new IllegalStateException("timeout failed");
    try (CapturedLog log = CapturedLog.start()) {
      CompletableFuture<Void> next = new CompletableFuture<>();
      loop.callLater(Duration.ZERO, named("the failing timeout", () -> {
        throw failure;
      }));
      loop.callLater(Duration.ZERO, () -> next.complete(null));
      await(next);
      assertLoggedOnce(log, "the failing timeout", failure);
    }
  }

  @Test
  void testExceptionLoggingHandler() throws Exception {
    MeasuredLoop loop = running(loop());
    SocketPair pair = closeAfter(SocketPair.open());
    IOException failure = new IOException("handler failed");
    IOHandler failing = new IOHandler() {
      @Override
      public void handle(SelectableChannel channel, int events) throws IOException {
        loop.removeHandler(channel); // else the unread data would report it again and again
        throw failure;
      }

      @Override
      public String toString() {
        return "the failing handler";
      }
    };
    try (CapturedLog log = CapturedLog.start()) {
      loop.addHandler(pair.client(), failing, IOLoop.READ);
      pair.server().write(ascii("x"));
      waitUntil(() -> !log.mentioning("the failing handler").isEmpty());
      awaitIterations(loop, 1);
      assertLoggedOnce(log, "the failing handler", failure);
    }
  }

  @Test
  void testExceptionLoggingFuture() throws Exception {
    // A failing addFuture callback is a failing callback like any other.
    MeasuredLoop loop = running(loop());
    RuntimeException failure = new UnsupportedOperationException("future callback failed");
    try (CapturedLog log = CapturedLog.start()) {
      CompletableFuture<String> future = new CompletableFuture<>();
      loop.addFuture(future, done -> {
        throw failure;
      });
      future.complete("value");
      waitUntil(() -> !log.mentioning("future callback failed").isEmpty());
      awaitIterations(loop, 1);
      assertEquals(1, log.mentioning("future callback failed").size());
    }
  }

  // -------------------------------------------------------------------------------------------------------------------
  // Futures and the executor
  // -------------------------------------------------------------------------------------------------------------------

  @Test
  void testAddFutureThreads() throws Exception {
    MeasuredLoop loop = running(loop());
    CompletableFuture<Object> fromPool = CompletableFuture.supplyAsync(() -> null);
    CompletableFuture<Boolean> onLoop = new CompletableFuture<>();
    CompletableFuture<Object> seen = new CompletableFuture<>();
    loop.addFuture(fromPool, future -> {
      onLoop.complete(loop.inLoopThread());
      seen.complete(future);
    });
    assertSame(fromPool, await(seen));
    assertTrue(fromPool.isDone());
    assertTrue(await(onLoop));
  }

  @Test
  void testAddFutureNeverInline() throws Exception {
    MeasuredLoop loop = running(loop());
    CompletableFuture<String> done = CompletableFuture.completedFuture("done");
    // From the loop thread: a completed future's callback still waits for a later iteration.
    List<String> order = callOnLoop(loop, () -> {
      List<String> events = new CopyOnWriteArrayList<>();
      loop.addFuture(done, future -> events.add("callback"));
      events.add("addFuture returned");
      return events;
    });
    awaitIterations(loop, 2);
    assertEquals(List.of("addFuture returned", "callback"), order);
    // From another thread: it runs on the loop, not on the caller.
    CompletableFuture<Boolean> onLoop = new CompletableFuture<>();
    loop.addFuture(done, future -> onLoop.complete(loop.inLoopThread()));
    assertTrue(await(onLoop));
  }

  @Test
  void testRunInExecutor() throws Exception {
    // Two tasks that would deadlock if run one after the other both complete; their futures complete on the loop.
    MeasuredLoop loop = running(loop());
    CountDownLatch first = new CountDownLatch(1);
    CountDownLatch second = new CountDownLatch(1);
    List<CompletableFuture<Boolean>> completedOnLoop = callOnLoop(loop, () -> {
      // Observed from here, on the loop thread: neither future can complete before this callback returns.
      return List.of(first, second).stream()
          .map(own -> {
            CountDownLatch other = own == first ? second : first;
            return loop.runInExecutor(() -> {
              own.countDown();
              return other.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            }).thenApply(awaited -> awaited && loop.inLoopThread());
          })
          .toList();
    });
    for (CompletableFuture<Boolean> future : completedOnLoop) {
      assertTrue(await(future), "both tasks ran at once and each future completed on the loop thread");
    }
  }

  @Test
  void testRunInExecutorFailure() throws Exception {
    MeasuredLoop loop = running(loop());
    IOException failure = new IOException("blocking task failed");
    CompletableFuture<Throwable> seen = new CompletableFuture<>();
    runOnLoop(loop, () -> loop.runInExecutor(() -> {
      throw failure;
    }).whenComplete((value, thrown) -> seen.complete(loop.inLoopThread() ? thrown : new AssertionError("off loop"))));
    assertSame(failure, await(seen));
  }

  // -------------------------------------------------------------------------------------------------------------------
  // runSync
  // -------------------------------------------------------------------------------------------------------------------

  @Test
  void testSyncResult() throws Exception {
    MeasuredLoop loop = loop();
    assertEquals(42, loop.runSync(() -> CompletableFuture.completedFuture(42), null));
  }

  @Test
  void testSyncException() throws Exception {
    MeasuredLoop loop = loop();
    ArithmeticException failure = new ArithmeticException("/ by zero");
    ExecutionException thrown = assertThrows(ExecutionException.class, () -> loop.runSync(() -> {
      throw failure;
    }, null));
    assertSame(failure, thrown.getCause());
    assertRunSyncStillWorks(loop);
  }

  @Test
  void testAsyncResult() throws Exception {
    MeasuredLoop loop = loop();
    assertEquals(42, loop.runSync(() -> {
      CompletableFuture<Integer> result = new CompletableFuture<>();
      loop.addCallback(() -> result.complete(42));
      return result;
    }, Duration.ofSeconds(5)));
  }

  @Test
  void testAsyncException() throws Exception {
    MeasuredLoop loop = loop();
    ArithmeticException failure = new ArithmeticException("/ by zero");
    ExecutionException thrown = assertThrows(ExecutionException.class, () -> loop.runSync(() -> {
      CompletableFuture<Integer> result = new CompletableFuture<>();
      loop.addCallback(() -> result.completeExceptionally(failure));
      return result;
    }, null));
    assertSame(failure, thrown.getCause());
    assertRunSyncStillWorks(loop);
  }

  @Test
  void testCurrent() throws Exception {
    // runSync runs the loop on the calling thread and the function on the loop.
    MeasuredLoop loop = loop();
    Thread caller = Thread.currentThread();
    assertTrue(loop.runSync(() -> CompletableFuture.completedFuture(
        loop.inLoopThread() && Thread.currentThread() == caller), null));
    assertFalse(loop.inLoopThread());
  }

  @Test
  void testTimeout() throws Exception {
    MeasuredLoop loop = loop();
    assertThrows(TimeoutException.class, () -> loop.runSync(() -> {
      CompletableFuture<Void> late = new CompletableFuture<>();
      loop.callLater(Duration.ofSeconds(1), () -> late.complete(null));
      return late;
    }, Duration.ofMillis(10)));
    assertRunSyncStillWorks(loop);
  }

  @Test
  void testStopBeforeRunSyncCompletes() throws Exception {
    MeasuredLoop loop = loop();
    assertThrows(IllegalStateException.class, () -> loop.runSync(() -> {
      loop.callLater(Duration.ofMillis(10), loop::stop);
      return new CompletableFuture<Void>();
    }, null));
    assertRunSyncStillWorks(loop);
  }

  // -------------------------------------------------------------------------------------------------------------------
  // PeriodicCallback on a loop whose fake clock the test moves (the math alone: PeriodicCallbackMathTest)
  // -------------------------------------------------------------------------------------------------------------------

  @Test
  void testPeriodicBasic() throws Exception {
    assertEquals(units(1010, 1020, 1030, 1040, 1050), drivePeriodic(0, null, new double[5], 5));
  }

  @Test
  void testPeriodicOverrun() throws Exception {
    // A call that runs too long skips whole periods to get back on the grid.
    double[] durations = {9, 9, 10, 11, 20, 20, 35, 35, 0, 0, 0};
    assertEquals(units(1010, 1020, 1030, 1050, 1070, 1100, 1130, 1170, 1210, 1220, 1230),
        drivePeriodic(0, null, durations, durations.length));
  }

  @Test
  void testPeriodicClockBackwards() throws Exception {
    // A clock that goes back by a little is ignored; by a lot, it delays the next call by as much.
    assertEquals(units(1010, 1020, 1030, 1040, 1050), drivePeriodic(0, null, new double[] {-2, -1, -3, -2, 0}, 5));
    assertEquals(units(1010, 1020, 1030), drivePeriodic(0, null, new double[] {-100, 0, 0}, 3));
  }

  @Test
  void testPeriodicJitter() throws Exception {
    ArrayBlockingQueue<Double> randoms = new ArrayBlockingQueue<>(5, false, List.of(0.5, 1.0, 0.0, 0.75, 0.5));
    assertEquals(units(1010, 1022.5, 1030, 1041.25), drivePeriodic(0.5, randoms::remove, new double[4], 4));
  }

  @Test
  void testPeriodicStop() throws Exception {
    FakeClock clock = new FakeClock(1000 * UNIT);
    MeasuredLoop loop = running(loop(clock));
    List<Double> calls = new CopyOnWriteArrayList<>();
    PeriodicCallback periodic =
        new PeriodicCallback(loop, () -> calls.add((double) loop.time() / UNIT), Duration.ofNanos(10 * UNIT));
    runOnLoop(loop, periodic::start);
    assertTrue(periodic.isRunning());
    stepClockUntil(loop, clock, UNIT, () -> calls.size() == 2);
    runOnLoop(loop, periodic::stop);
    assertFalse(periodic.isRunning());
    for (int step = 0; step < 50; step++) {
      clock.advance(UNIT);
      awaitIterations(loop, 2);
    }
    assertEquals(units(1010, 1020), calls, "no call after stop()");
    runOnLoop(loop, periodic::start); // starts over from now
    stepClockUntil(loop, clock, UNIT, () -> calls.size() == 3);
    assertEquals(units(1010, 1020, 1080), calls);
  }

  @Test
  void testPeriodicExceptionKeepsTheSchedule() throws Exception {
    // Tornado logs "Exception in callback <the callback>" and goes on calling it.
    FakeClock clock = new FakeClock(1000 * UNIT);
    MeasuredLoop loop = running(loop(clock));
    AtomicInteger calls = new AtomicInteger();
    Runnable failing = named("the failing periodic callback", () -> {
      calls.incrementAndGet();
      throw new IllegalStateException("periodic failure");
    });
    try (CapturedLog log = CapturedLog.start()) {
      PeriodicCallback periodic = new PeriodicCallback(loop, failing, Duration.ofNanos(10 * UNIT));
      runOnLoop(loop, periodic::start);
      stepClockUntil(loop, clock, UNIT, () -> calls.get() == 3);
      runOnLoop(loop, periodic::stop);
      assertEquals(3, log.mentioning("the failing periodic callback").size());
    }
  }

  @Test
  void testPeriodicCallsNeverOverlap() throws Exception {
    // On the real clock, with calls longer than the period.
    MeasuredLoop loop = running(loop());
    List<long[]> spans = new CopyOnWriteArrayList<>();
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger mostInFlight = new AtomicInteger();
    CountDownLatch fiveCalls = new CountDownLatch(5);
    PeriodicCallback periodic = new PeriodicCallback(loop, named("overrunning", () -> {
      long start = loop.time();
      mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      Thread.sleep(12);
      inFlight.decrementAndGet();
      spans.add(new long[] {start, loop.time()});
      fiveCalls.countDown();
    }), Duration.ofMillis(5));
    runOnLoop(loop, periodic::start);
    await(fiveCalls);
    runOnLoop(loop, periodic::stop);
    assertEquals(1, mostInFlight.get());
    for (int i = 1; i < spans.size(); i++) {
      assertTrue(spans.get(i)[0] >= spans.get(i - 1)[1], "call " + i + " began before the previous one ended");
    }
  }

  // -------------------------------------------------------------------------------------------------------------------
  // Netty's lessons
  // -------------------------------------------------------------------------------------------------------------------

  @Test
  void testInterruptDoesNotMakeTheLoopSpin() throws Exception {
    // A pending interrupt makes blocking waits return at once; a loop that kept it would spin at 100% CPU.
    MeasuredLoop loop = running(loop());
    Thread loopThread = callOnLoop(loop, Thread::currentThread);
    awaitIterations(loop, 1);
    long before = loop.stats().iterations();
    loopThread.interrupt();
    Thread.sleep(200);
    long iterations = loop.stats().iterations() - before;
    assertTrue(iterations < 20, iterations + " iterations in 200 ms of idling after an interrupt");
    awaitIterations(loop, 1); // and it still answers
  }

  @Test
  void testWakeupsCoalesce() throws Exception {
    // 10,000 callbacks from four threads while the loop sleeps: at most one wakeup per sleep, not one per callback.
    MeasuredLoop loop = running(loop());
    int threads = 4;
    int perThread = 2500;
    int burst = threads * perThread;
    CountDownLatch ran = new CountDownLatch(burst);
    awaitIterations(loop, 1);
    Thread.sleep(10); // let the loop go back to sleep
    LoopStats before = loop.stats();
    List<Thread> producers = IntStream.range(0, threads).mapToObj(i -> Thread.ofPlatform().start(() -> {
      for (int j = 0; j < perThread; j++) {
        loop.addCallback(ran::countDown);
      }
    })).toList();
    await(ran);
    for (Thread producer : producers) {
      producer.join();
    }
    LoopStats after = loop.stats();
    long wakeups = after.wakeups() - before.wakeups();
    long iterations = after.iterations() - before.iterations();
    assertTrue(wakeups >= 1, "the loop slept and was woken");
    assertTrue(wakeups <= iterations + 1, wakeups + " wakeups in " + iterations + " iterations");
    assertTrue(wakeups <= burst / 10, wakeups + " wakeups for " + burst + " callbacks");
  }

  // -------------------------------------------------------------------------------------------------------------------
  // Threads
  // -------------------------------------------------------------------------------------------------------------------

  @Test
  void testCallAtFromOtherThreadWakesTheLoop() throws Exception {
    // The loop sleeps without a deadline; the new, earlier deadline must reach it at once.
    MeasuredLoop loop = running(loop());
    awaitIterations(loop, 1);
    Thread.sleep(10);
    CompletableFuture<Boolean> ran = new CompletableFuture<>();
    loop.callAt(loop.time() + Duration.ofMillis(20).toNanos(), () -> ran.complete(loop.inLoopThread()));
    assertTrue(await(ran));
  }

  @Test
  void testRemoveTimeoutFromOtherThread() throws Exception {
    FakeClock clock = new FakeClock(1000 * UNIT);
    MeasuredLoop loop = running(loop(clock));
    List<String> ran = new CopyOnWriteArrayList<>();
    Timeout removed = loop.callAt(1010 * UNIT, () -> ran.add("removed"));
    loop.callAt(1010 * UNIT, () -> ran.add("kept"));
    awaitIterations(loop, 1); // both are in the heap now
    loop.removeTimeout(removed);
    clock.advance(10 * UNIT);
    awaitIterations(loop, 2);
    assertEquals(List.of("kept"), ran);
  }

  @Test
  void testEverythingRunsOnTheLoopThreadOneAtATime() throws Exception {
    MeasuredLoop loop = running(loop());
    SocketPair pair = closeAfter(SocketPair.open());
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger violations = new AtomicInteger();
    int perThread = 300;
    CountDownLatch callbacksAndTimeouts = new CountDownLatch(3 * 2 * perThread);
    Runnable task = () -> {
      if (inFlight.incrementAndGet() != 1 || !loop.inLoopThread()) {
        violations.incrementAndGet();
      }
      Thread.onSpinWait();
      inFlight.decrementAndGet();
    };
    AtomicLong bytesHandled = new AtomicLong();
    CompletableFuture<Void> allBytes = new CompletableFuture<>();
    int bytes = 3 * perThread;
    loop.addHandler(pair.client(), (channel, events) -> {
      task.run();
      ByteBuffer buffer = ByteBuffer.allocate(bytes);
      if (bytesHandled.addAndGet(Math.max(0, ((SocketChannel) channel).read(buffer))) == bytes) {
        allBytes.complete(null);
      }
    }, IOLoop.READ);
    List<Thread> producers = IntStream.range(0, 3).mapToObj(i -> Thread.ofPlatform().start(() -> {
      for (int j = 0; j < perThread; j++) {
        loop.addCallback(() -> {
          task.run();
          callbacksAndTimeouts.countDown();
        });
        loop.callLater(Duration.ofNanos(j % 3 * 100_000), () -> {
          task.run();
          callbacksAndTimeouts.countDown();
        });
        write(pair.server(), "x");
      }
    })).toList();
    await(callbacksAndTimeouts);
    await(allBytes);
    for (Thread producer : producers) {
      producer.join();
    }
    loop.removeHandler(pair.client());
    assertEquals(0, violations.get());
  }

  // -------------------------------------------------------------------------------------------------------------------
  // The slow-callback watchdog and the stats
  // -------------------------------------------------------------------------------------------------------------------

  @Test
  void testSlowCallbackIsReportedOnceWhileStillBlocked() throws Exception {
    MeasuredLoop loop = running(loop());
    loop.setSlowCallbackThreshold(Duration.ofMillis(50));
    long slowBefore = loop.stats().slowCallbacks();
    CompletableFuture<Long> returnedAt = new CompletableFuture<>();
    try (CapturedLog log = CapturedLog.start()) {
      loop.addCallback(named("the sleeping callback", () -> {
        Thread.sleep(300);
        returnedAt.complete(System.nanoTime());
      }));
      long returned = await(returnedAt);
      awaitIterations(loop, 1);
      List<CapturedLog.Entry> reports = log.mentioning("the sleeping callback");
      assertEquals(1, reports.size(), reports::toString);
      CapturedLog.Entry report = reports.getFirst();
      assertTrue(report.text().contains("java.lang.Thread.sleep"), "the loop thread's stack: " + report.text());
      assertTrue(report.publishedNanos() < returned, "reported while it was still blocked");
    }
    assertEquals(1, loop.stats().slowCallbacks() - slowBefore);
  }

  @Test
  void testLagProbeSeesABlockedLoopWhileAndAfterItIsBlocked() throws Exception {
    MeasuredLoop loop = running(loop());
    LagProbe probe = new LagProbe(loop, Duration.ofMillis(10));
    runOnLoop(loop, probe::start);
    CountDownLatch blocking = new CountDownLatch(1);
    CompletableFuture<Void> unblocked = new CompletableFuture<>();
    loop.addCallback(named("the blocking callback", () -> {
      blocking.countDown();
      Thread.sleep(400);
      unblocked.complete(null);
    }));
    await(blocking);
    Thread.sleep(250);
    long whileBlocked = probe.takeMaxLagNanos(); // the loop has not run the probe yet: it is overdue now
    assertTrue(whileBlocked >= Duration.ofMillis(200).toNanos(), "a probe overdue now counts: " + whileBlocked);
    await(unblocked);
    awaitIterations(loop, 2);
    long after = probe.takeMaxLagNanos();
    assertTrue(after >= Duration.ofMillis(300).toNanos(), "the probe ran late by the block: " + after);
    runOnLoop(loop, probe::stop);
  }

  @Test
  void testStatsCountWhatRan() throws Exception {
    FakeClock clock = new FakeClock(1000 * UNIT);
    MeasuredLoop loop = running(loop(clock));
    SocketPair pair = closeAfter(SocketPair.open());
    LoopStats before = loop.stats();
    CompletableFuture<Void> handled = new CompletableFuture<>();
    runOnLoop(loop, () -> {
      loop.addCallback(NOTHING);
      loop.callAt(1001 * UNIT, NOTHING);
      loop.callAt(1002 * UNIT, NOTHING);
      loop.callAt(1003 * UNIT, NOTHING);
      loop.addHandler(pair.client(), (channel, events) -> {
        readAscii((SocketChannel) channel);
        handled.complete(null);
      }, IOLoop.READ);
    });
    awaitIterations(loop, 2);
    assertEquals(1, loop.stats().registeredChannels());
    assertEquals(3, loop.stats().pendingTimeouts());
    clock.advance(2 * UNIT);
    pair.server().write(ascii("x"));
    await(handled);
    awaitIterations(loop, 2);
    loop.removeHandler(pair.client());
    awaitIterations(loop, 1);
    LoopStats after = loop.stats();
    assertEquals(2, after.timeoutsRun() - before.timeoutsRun());
    assertEquals(1, after.pendingTimeouts());
    assertTrue(after.callbacksRun() - before.callbacksRun() >= 2);
    assertTrue(after.handlersRun() - before.handlersRun() >= 1);
    assertTrue(after.iterations() > before.iterations());
    assertTrue(after.busyNanos() > before.busyNanos());
    assertEquals(0, after.registeredChannels());
  }

  // -------------------------------------------------------------------------------------------------------------------
  // Helpers
  // -------------------------------------------------------------------------------------------------------------------

  /** A loop this test owns: stopped and closed after it. */
  private MeasuredLoop loop() {
    return loop(System::nanoTime);
  }

  private MeasuredLoop loop(LongSupplier clock) {
    MeasuredLoop loop = newLoop(clock);
    loops.add(loop);
    return loop;
  }

  /** Starts {@code loop} on a new platform thread and returns it once the loop runs. */
  private MeasuredLoop running(MeasuredLoop loop) throws Exception {
    startInBackground(loop);
    awaitIterations(loop, 1);
    return loop;
  }

  private Thread startInBackground(MeasuredLoop loop) {
    Thread thread = Thread.ofPlatform().name("test-" + loop.name()).start(() -> {
      try {
        loop.start();
      } catch (Throwable failure) {
        loopThreadFailures.add(failure);
      }
    });
    loopThreads.put(loop, thread);
    return thread;
  }

  /** Stops a loop {@link #running} in the background and waits until its start() returned. */
  private void stopInBackground(MeasuredLoop loop) throws InterruptedException {
    loop.stop();
    Thread thread = loopThreads.get(loop);
    thread.join(PATIENCE.toMillis());
    assertFalse(thread.isAlive());
  }

  private <T extends Closeable> T closeAfter(T resource) {
    resources.add(resource);
    return resource;
  }

  /** A callback whose identity in the loop's logs is {@code name}; what it throws, the loop gets. */
  private static Runnable named(String name, LoopTesting.Action body) {
    return new Runnable() {
      @Override
      public void run() {
        try {
          body.run();
        } catch (RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }

  /** For what only shows on another thread, such as a log record. */
  private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "nothing happened within " + PATIENCE);
      Thread.sleep(1);
    }
  }

  /** The median, in milliseconds, of five runs of a measurement that returns nanoseconds. */
  private static long medianMillis(Callable<Long> measurementNanos) throws Exception {
    long[] millis = new long[5];
    for (int i = 0; i < millis.length; i++) {
      millis[i] = TimeUnit.NANOSECONDS.toMillis(measurementNanos.call());
    }
    Arrays.sort(millis);
    return millis[millis.length / 2];
  }

  private static void assertLoggedOnce(CapturedLog log, String identity, Throwable failure) {
    List<CapturedLog.Entry> entries = log.mentioning(identity);
    assertEquals(1, entries.size(), entries::toString);
    assertSame(failure, entries.getFirst().thrown());
  }

  private static void assertRunSyncStillWorks(IOLoop loop) throws Exception {
    assertEquals("again", loop.runSync(() -> CompletableFuture.completedFuture("again"), Duration.ofSeconds(5)));
  }

  private static void addAndRemoveTimeouts(IOLoop loop, long deadline, int count) {
    for (int i = 0; i < count; i++) {
      loop.removeTimeout(loop.callAt(deadline, NOTHING));
    }
  }

  /**
   * Runs a PeriodicCallback of period 10 from time 1000 the way Tornado's FakeTimeIOLoop does: the test moves the
   * clock forward a quarter unit at a time, and each call "takes" its duration (which may be negative: the clock goes
   * back). Returns the times of the first {@code calls} calls, in units.
   */
  private List<Double> drivePeriodic(double jitter, DoubleSupplier random, double[] durations, int calls)
      throws Exception {
    FakeClock clock = new FakeClock(1000 * UNIT);
    MeasuredLoop loop = running(loop(clock));
    List<Double> callTimes = new CopyOnWriteArrayList<>();
    Runnable callback = () -> {
      callTimes.add((double) loop.time() / UNIT);
      clock.advance(Math.round(durations[callTimes.size() - 1] * UNIT));
    };
    Duration period = Duration.ofNanos(10 * UNIT);
    PeriodicCallback periodic = random == null
        ? new PeriodicCallback(loop, callback, period, jitter)
        : new PeriodicCallback(loop, callback, period, jitter, random);
    runOnLoop(loop, periodic::start);
    stepClockUntil(loop, clock, UNIT / 4, () -> callTimes.size() == calls);
    runOnLoop(loop, periodic::stop);
    return callTimes;
  }

  /** Moves the clock by {@code step} and lets the loop run what came due, until {@code done}. */
  private static void stepClockUntil(IOLoop loop, FakeClock clock, long step, BooleanSupplier done)
      throws Exception {
    for (int steps = 0; !done.getAsBoolean(); steps++) {
      assertTrue(steps < 10_000, "the periodic callback stopped being called");
      clock.advance(step);
      awaitIterations(loop, 2); // the first iteration takes what is due at the new time; the second proves it ran
    }
  }

  private static List<Double> units(double... times) {
    return Arrays.stream(times).boxed().toList();
  }

}
