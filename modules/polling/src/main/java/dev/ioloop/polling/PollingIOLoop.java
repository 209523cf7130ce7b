package dev.ioloop.polling;

import dev.ioloop.api.IOHandler;
import dev.ioloop.api.IOLoop;
import dev.ioloop.api.LoopStats;
import dev.ioloop.api.MeasuredLoop;
import dev.ioloop.api.Timeout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.channels.SelectableChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Tornado's {@code PollIOLoop}: the whole loop, written once, over a poller that subclasses supply, as Tornado's loop
 * runs over epoll, kqueue or select. {@link #start()} shows the four phases of an iteration: callbacks, due timeouts,
 * poll, events. A subclass says how to wait for readiness ({@link #poll}), how another thread interrupts that wait
 * ({@link #wakeup}) and how a channel is watched ({@link #watch}, {@link #rearm}, {@link #unwatch}).
 */
public abstract class PollingIOLoop implements MeasuredLoop {
  private static final System.Logger LOG = System.getLogger(LOGGER_NAME);
  private static final AtomicLong LOOP_NUMBERS = new AtomicLong();

  private final String name;
  private final LongSupplier clock;
  private final TimeoutHeap timeouts = new TimeoutHeap();
  private final Map<SelectableChannel, Registration> handlers = new ConcurrentHashMap<>();
  private final List<Registration> readyChannels = new ArrayList<>();
  private final List<TimeoutHeap.Entry> dueTimeouts = new ArrayList<>();
  private final ExecutorService executor;

  /** Callbacks for the next iteration; swapped out whole at the start of each one (Tornado's deque). */
  private final ReentrantLock callbackLock = new ReentrantLock();
  private ArrayDeque<Runnable> callbacks = new ArrayDeque<>();
  private ArrayDeque<Runnable> running = new ArrayDeque<>();

  private final AtomicBoolean started = new AtomicBoolean();
  /** Set just before the loop sleeps; the first other thread to clear it pays for the wakeup (Netty's coalescing). */
  private final AtomicBoolean sleeping = new AtomicBoolean();
  private volatile Thread loopThread;
  private volatile boolean stopRequested;
  private volatile boolean closing;
  private volatile long slowCallbackThresholdNanos = DEFAULT_SLOW_CALLBACK_THRESHOLD.toNanos();

  private volatile long iterations, callbacksRun, timeoutsRun, handlersRun, lagNanos, busyNanos;
  private volatile int pendingTimeouts;
  private final AtomicLong wakeups = new AtomicLong();
  private final AtomicLong slowCallbacks = new AtomicLong();

  protected PollingIOLoop(String kind, LongSupplier clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.name = kind + "-" + LOOP_NUMBERS.incrementAndGet();
    this.executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(name + "-executor-", 0).factory());
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The loop
  // ---------------------------------------------------------------------------------------------------------------

  @Override
  public final void start() {
    if (closing) {
      throw new IllegalStateException(name + " is closed");
    }
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException(name + " is already running");
    }
    if (stopRequested) { // stop() before start(): Tornado returns at once and forgets the stop
      stopRequested = false;
      started.set(false);
      return;
    }
    loopThread = Thread.currentThread();
    SlowCallbackWatchdog.Watch watch =
        SlowCallbackWatchdog.watch(name, loopThread, () -> slowCallbackThresholdNanos, slowCallbacks);
    try {
      while (true) {
        // 1. The callbacks queued before this iteration began. Those they add wait for the next one.
        ArrayDeque<Runnable> thisIteration = takeCallbacks();
        // 2. Every timeout due now is taken before any of them runs, so one that cancels another stops it.
        long now = time();
        timeouts.takeDue(now, dueTimeouts);
        while (!thisIteration.isEmpty()) {
          run(watch, thisIteration.poll());
          callbacksRun++;
        }
        for (TimeoutHeap.Entry timeout : dueTimeouts) {
          if (timeout.fire()) {
            lagNanos = time() - timeout.deadline();
            run(watch, timeout.callback);
            timeoutsRun++;
          }
        }
        dueTimeouts.clear();
        pendingTimeouts = timeouts.size();
        iterations++;
        if (stopRequested) {
          break;
        }
        // 3. Poll: not at all if callbacks wait, else until the next deadline, or until woken.
        poll(watch);
        // 4. Events. A channel removed by an earlier handler of this iteration is skipped.
        for (Registration ready : readyChannels) {
          if (handlers.get(ready.channel) == ready) {
            int events = ready.readyEvents & ready.events;
            if (events != 0) {
              run(watch, () -> ready.handler.handle(ready.channel, events), ready);
              handlersRun++;
            }
            if (handlers.get(ready.channel) == ready) {
              rearm(ready);
            }
          }
        }
        readyChannels.clear();
      }
    } finally {
      watch.close();
      stopRequested = false;
      loopThread = null;
      started.set(false);
    }
  }

  private ArrayDeque<Runnable> takeCallbacks() {
    callbackLock.lock();
    try {
      ArrayDeque<Runnable> queued = callbacks;
      callbacks = running;
      running = queued;
      return queued;
    } finally {
      callbackLock.unlock();
    }
  }

  private boolean hasCallbacks() {
    callbackLock.lock();
    try {
      return !callbacks.isEmpty();
    } finally {
      callbackLock.unlock();
    }
  }

  private void poll(SlowCallbackWatchdog.Watch watch) {
    // Netty: a pending interrupt makes every select() return at once, a busy spin. Forget it; the loop goes on.
    if (Thread.interrupted()) {
      LOG.log(Level.DEBUG, "{0}: interrupt of the loop thread ignored", name);
    }
    sleeping.set(true); // before looking at the queue: a callback or stop() after this look pays for a wakeup
    try {
      long timeoutNanos = hasCallbacks() || stopRequested ? 0 : timeouts.nanosUntilNext(time());
      poll(timeoutNanos);
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.ERROR, name + ": poll failed; the loop goes on", e);
    } finally {
      sleeping.set(false);
    }
  }

  private interface Task {
    void run() throws Exception;
  }

  private void run(SlowCallbackWatchdog.Watch watch, Runnable callback) {
    run(watch, callback::run, callback);
  }

  /** Runs one callback, timeout or handler: its exception is logged with its identity and the loop goes on. */
  private void run(SlowCallbackWatchdog.Watch watch, Task task, Object identity) {
    watch.begin(identity);
    try {
      task.run();
    } catch (Throwable failure) {
      LOG.log(Level.ERROR, name + ": exception in " + identity, failure);
    } finally {
      busyNanos += watch.end();
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The poller a subclass supplies
  // ---------------------------------------------------------------------------------------------------------------

  /** A registered channel. A subclass may extend it with what its poller keeps per channel. */
  protected static class Registration {
    protected final SelectableChannel channel;
    protected final IOHandler handler;
    /** What the handler listens for, ERROR always included. */
    protected volatile int events;
    /** Set by {@link #poll} through {@link #ready}. */
    private int readyEvents;

    protected Registration(SelectableChannel channel, IOHandler handler, int events) {
      this.channel = channel;
      this.handler = handler;
      this.events = events | ERROR;
    }

    @Override
    public String toString() {
      return "handler " + handler + " of " + channel;
    }
  }

  /** A new registration; called on the registering thread, so it must not do I/O. */
  protected Registration newRegistration(SelectableChannel channel, IOHandler handler, int events) {
    return new Registration(channel, handler, events);
  }

  /** Starts watching a new registration. On the loop thread. */
  protected abstract void watch(Registration registration) throws IOException;

  /** Brings a registration's watch up to date with its events, after a change or a handler call. On the loop thread. */
  protected abstract void rearm(Registration registration);

  /** Stops watching a removed registration. On the loop thread, or in {@link #close} once the loop has stopped. */
  protected abstract void unwatch(Registration registration);

  /**
   * Waits until a watched channel is ready, {@link #wakeup()} is called, or {@code timeoutNanos} pass (0: do not
   * wait; -1: no limit), and reports each ready channel with {@link #ready}. On the loop thread.
   */
  protected abstract void poll(long timeoutNanos) throws IOException;

  /** Ends the current or next {@link #poll(long)} early. Called from another thread, at most once per sleep. */
  protected abstract void wakeup();

  /** Releases the poller. Called once by {@link #close}, after the loop stopped. */
  protected abstract void closePoller() throws IOException;

  /** Virtual threads seen pinned, for {@link #stats()}; 0 where the loop does not watch for it. */
  protected long pinnedVirtualThreads() {
    return 0;
  }

  /** Reports from {@link #poll} that {@code registration} is ready for {@code readyEvents}. */
  protected final void ready(Registration registration, int readyEvents) {
    registration.readyEvents = readyEvents;
    readyChannels.add(registration);
  }

  /** Runs {@code action} on the loop thread: now if called there, else on the next iteration. */
  private void onLoop(Runnable action) {
    if (inLoopThread()) {
      action.run();
    } else {
      addCallback(action);
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // IOLoop
  // ---------------------------------------------------------------------------------------------------------------

  @Override
  public void addHandler(SelectableChannel channel, IOHandler handler, int events) {
    Objects.requireNonNull(handler, "handler");
    Registration registration = newRegistration(channel, handler, events);
    if (handlers.putIfAbsent(channel, registration) != null) {
      throw new IllegalStateException(channel + " is already registered with " + name);
    }
    try {
      channel.configureBlocking(false);
    } catch (IOException e) {
      handlers.remove(channel, registration);
      throw new UncheckedIOException("cannot make " + channel + " non-blocking", e);
    }
    onLoop(() -> {
      if (handlers.get(channel) == registration) {
        try {
          watch(registration);
        } catch (IOException e) {
          handlers.remove(channel, registration);
          LOG.log(Level.ERROR, name + ": cannot watch " + channel, e);
        }
      }
    });
  }

  @Override
  public void updateHandler(SelectableChannel channel, int events) {
    Registration registration = handlers.get(channel);
    if (registration == null) {
      throw new IllegalStateException(channel + " is not registered with " + name);
    }
    registration.events = events | ERROR;
    onLoop(() -> {
      if (handlers.get(channel) == registration) {
        rearm(registration);
      }
    });
  }

  @Override
  public void removeHandler(SelectableChannel channel) {
    Registration registration = handlers.remove(channel);
    if (registration != null) {
      onLoop(() -> unwatch(registration));
    }
  }

  @Override
  public void addCallback(Runnable callback) {
    Objects.requireNonNull(callback, "callback");
    callbackLock.lock();
    try {
      if (closing) {
        return;
      }
      callbacks.add(callback);
    } finally {
      callbackLock.unlock();
    }
    if (!inLoopThread() && sleeping.compareAndSet(true, false)) {
      wakeups.incrementAndGet();
      wakeup();
    }
  }

  @Override
  public Timeout callAt(long deadlineNanos, Runnable callback) {
    Objects.requireNonNull(callback, "callback");
    TimeoutHeap.Entry timeout = timeouts.newEntry(deadlineNanos, callback);
    onLoop(() -> timeouts.add(timeout));
    return timeout;
  }

  @Override
  public Timeout callLater(Duration delay, Runnable callback) {
    return callAt(time() + delay.toNanos(), callback);
  }

  @Override
  public void removeTimeout(Timeout timeout) {
    timeouts.cancel(timeout);
  }

  @Override
  public <T> void addFuture(CompletionStage<T> future, Consumer<? super CompletionStage<T>> callback) {
    Objects.requireNonNull(callback, "callback");
    future.whenComplete((value, failure) -> addCallback(() -> callback.accept(future)));
  }

  @Override
  public <T> CompletableFuture<T> runInExecutor(Callable<T> blockingTask) {
    CompletableFuture<T> result = new CompletableFuture<>();
    executor.execute(() -> {
      try {
        T value = blockingTask.call();
        addCallback(() -> result.complete(value));
      } catch (Throwable failure) {
        addCallback(() -> result.completeExceptionally(failure));
      }
    });
    return result;
  }

  @Override
  public <T> T runSync(Supplier<? extends CompletionStage<T>> function, Duration timeout)
      throws TimeoutException, ExecutionException {
    CompletableFuture<T> result = new CompletableFuture<>();
    addCallback(() -> {
      try {
        function.get().whenComplete((value, failure) -> {
          if (failure != null) {
            result.completeExceptionally(failure instanceof CompletionException wrapped && wrapped.getCause() != null
                ? wrapped.getCause() : failure);
          } else {
            result.complete(value);
          }
        });
      } catch (Throwable failure) {
        result.completeExceptionally(failure);
      }
    });
    // Only this call may stop the loop: a stage that completes after a timeout must not stop a later runSync.
    AtomicBoolean thisCall = new AtomicBoolean(true);
    AtomicBoolean timedOut = new AtomicBoolean();
    addFuture(result, done -> {
      if (thisCall.get()) {
        stop();
      }
    });
    Timeout deadline = timeout == null ? null : callLater(timeout, () -> {
      timedOut.set(true);
      stop();
    });
    try {
      start();
    } finally {
      thisCall.set(false);
      if (deadline != null) {
        removeTimeout(deadline);
      }
    }
    if (!result.isDone()) {
      if (timedOut.get()) {
        throw new TimeoutException("runSync: no result within " + timeout);
      }
      throw new IllegalStateException("runSync: the loop was stopped before the function's stage completed");
    }
    try {
      return result.getNow(null);
    } catch (CompletionException e) {
      throw new ExecutionException(e.getCause());
    } catch (CancellationException e) {
      throw new ExecutionException(e);
    }
  }

  @Override
  public long time() {
    return clock.getAsLong();
  }

  @Override
  public boolean inLoopThread() {
    return Thread.currentThread() == loopThread;
  }

  @Override
  public void stop() {
    stopRequested = true;
    if (!inLoopThread() && sleeping.compareAndSet(true, false)) {
      wakeups.incrementAndGet();
      wakeup();
    }
  }

  @Override
  public void close(boolean allChannels) {
    if (started.get()) {
      throw new IllegalStateException(name + " is running: stop() it and let start() return before close()");
    }
    callbackLock.lock();
    try {
      if (closing) {
        return;
      }
      closing = true;
      callbacks.clear();
    } finally {
      callbackLock.unlock();
    }
    for (Registration registration : List.copyOf(handlers.values())) {
      handlers.remove(registration.channel);
      unwatch(registration);
      if (allChannels) {
        try {
          registration.channel.close();
        } catch (IOException e) {
          LOG.log(Level.WARNING, name + ": closing " + registration.channel + " failed", e);
        }
      }
    }
    executor.shutdownNow();
    try {
      closePoller();
    } catch (IOException e) {
      LOG.log(Level.WARNING, name + ": closing the poller failed", e);
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Observation
  // ---------------------------------------------------------------------------------------------------------------

  /** The loop's name, as its threads and log lines show it. */
  public String name() {
    return name;
  }

  /** A callback, timeout or handler running longer than this is logged with the loop's stack and counted. */
  public void setSlowCallbackThreshold(Duration threshold) {
    if (threshold.isNegative() || threshold.isZero()) {
      throw new IllegalArgumentException("slow-callback threshold must be positive: " + threshold);
    }
    slowCallbackThresholdNanos = threshold.toNanos();
  }

  public LoopStats stats() {
    return new LoopStats(iterations, callbacksRun, timeoutsRun, handlersRun, wakeups.get(), slowCallbacks.get(),
        lagNanos, busyNanos, pendingTimeouts, handlers.size(), pinnedVirtualThreads());
  }

  @Override
  public String toString() {
    return name;
  }
}
