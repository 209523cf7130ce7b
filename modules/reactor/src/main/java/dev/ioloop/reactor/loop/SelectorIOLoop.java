package dev.ioloop.reactor.loop;

import dev.ioloop.api.IOHandler;
import dev.ioloop.polling.NioEvents;
import dev.ioloop.polling.PollingIOLoop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The reactor: {@link PollingIOLoop} over one {@link Selector}, Tornado's {@code PollIOLoop} over epoll. Each
 * registration rides on its key as the attachment, so a selected key leads straight to its handler.
 */
public final class SelectorIOLoop extends PollingIOLoop {
  private static final System.Logger LOG = System.getLogger(LOGGER_NAME);

  /** Replaced only by {@link #rebuildSelector()}, on the loop thread; {@link #wakeup()} reads it from any thread. */
  private volatile Selector selector;
  /** Set by {@link #wakeup()}, so that a select it cut short does not count as spurious. */
  private final AtomicBoolean woken = new AtomicBoolean();
  private final SpuriousWakeupDetector spuriousWakeups = new SpuriousWakeupDetector();
  /** What select does with each ready key: one object for the loop's life, not one per poll. */
  private final Consumer<SelectionKey> onReadyKey = this::onReadyKey;

  public SelectorIOLoop() {
    this(System::nanoTime);
  }

  /** @param clock the loop's {@link #time()} in nanoseconds (Tornado's {@code time_func}) */
  public SelectorIOLoop(LongSupplier clock) {
    super("reactor", clock);
    try {
      selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a selector", e);
    }
  }

  @Override
  protected Registration newRegistration(SelectableChannel channel, IOHandler handler, int events) {
    return new SelectorRegistration(channel, handler, events);
  }

  @Override
  protected void watch(Registration registration) throws IOException {
    ((SelectorRegistration) registration).register(selector);
  }

  @Override
  protected void rearm(Registration registration) {
    ((SelectorRegistration) registration).rearm();
  }

  @Override
  protected void unwatch(Registration registration) {
    ((SelectorRegistration) registration).cancel();
  }

  @Override
  protected void poll(long timeoutNanos) throws IOException {
    long begin = System.nanoTime();
    int selected = select(timeoutNanos);
    if (spuriousWakeups.selectReturned(selected, timeoutNanos, System.nanoTime() - begin, woken.getAndSet(false),
        Thread.currentThread().isInterrupted())) {
      rebuildSelector();
      return;
    }
  }

  /**
   * The select methods that hand each ready key to an action (JDK 11) instead of adding it to the selected-key set:
   * no HashSet add, iteration and clear for every event. That set is what Netty replaces with an array through
   * reflection; this is the supported way to the same saving (server CPU per /api/sleep request at 5,000
   * connections: see docs/performance.md).
   */
  private int select(long timeoutNanos) throws IOException {
    if (timeoutNanos == 0) {
      return selector.selectNow(onReadyKey);
    }
    if (timeoutNanos < 0) {
      return selector.select(onReadyKey);
    }
    // Round up: select(0) would wait for ever, and a wait cut short would spin until the deadline.
    return selector.select(onReadyKey, Math.ceilDiv(timeoutNanos, 1_000_000));
  }

  /** Called by select for each key made ready; the handlers run later, in the loop's event phase. */
  private void onReadyKey(SelectionKey key) {
    if (key.isValid()) { // a channel closed meanwhile has nothing to report
      SelectorRegistration registration = (SelectorRegistration) key.attachment();
      ready(registration, registration.events(key.readyOps()));
    }
  }

  @Override
  protected void wakeup() {
    woken.set(true);
    selector.wakeup();
  }

  @Override
  protected void closePoller() throws IOException {
    selector.close();
  }

  /**
   * Netty's cure for a selector that keeps returning early: moves every registration, with its interest ops, to a new
   * selector and closes the old one. On the loop thread, where no other thread can be waiting on the old selector
   * (a wakeup that reaches it is not lost: the loop looks at its callbacks before it sleeps again).
   */
  void rebuildSelector() throws IOException {
    Selector old = selector;
    Selector fresh = Selector.open();
    int moved = 0;
    for (SelectionKey key : old.keys()) {
      try {
        if (key.isValid()) {
          ((SelectorRegistration) key.attachment()).moveTo(fresh);
          moved++;
        }
      } catch (ClosedChannelException | CancelledKeyException closedMeanwhile) {
        // nothing left to watch
      }
    }
    selector = fresh;
    old.close();
    LOG.log(Level.WARNING, "{0}: Selector.select() kept returning early; moved {1} channels to a new selector",
        name(), moved);
  }

  /** A handler and its channel's key in the current selector. The key is touched on the loop thread only. */
  private static final class SelectorRegistration extends Registration {
    private SelectionKey key;

    SelectorRegistration(SelectableChannel channel, IOHandler handler, int events) {
      super(channel, handler, events);
    }

    void register(Selector selector) throws IOException {
      int ops = NioEvents.interestOps(channel, events);
      try {
        key = channel.register(selector, ops, this);
      } catch (CancelledKeyException e) {
        // The channel was removed and added back before a select: its cancelled key still sits in the selector
        // until the next select. Flush it, as Netty does, and register again.
        selector.selectNow();
        key = channel.register(selector, ops, this);
      }
    }

    /** Updates the interest ops only if they changed; this also turns OP_CONNECT into OP_WRITE after a connect. */
    void rearm() {
      int ops = NioEvents.interestOps(channel, events);
      try {
        if (key != null && key.interestOps() != ops) {
          key.interestOps(ops);
        }
      } catch (CancelledKeyException closedMeanwhile) {
        // nothing left to watch
      }
    }

    void cancel() {
      if (key != null) { // null if it was removed before the loop got to watch it
        key.cancel();
      }
    }

    void moveTo(Selector fresh) throws ClosedChannelException {
      key = channel.register(fresh, key.interestOps(), this);
    }

    int events(int readyOps) {
      return NioEvents.events(readyOps, events);
    }
  }
}
