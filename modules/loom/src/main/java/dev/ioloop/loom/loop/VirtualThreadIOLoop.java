package dev.ioloop.loom.loop;

import dev.ioloop.loom.PinnedThreadMonitor;
import dev.ioloop.api.IOHandler;
import dev.ioloop.polling.NioEvents;
import dev.ioloop.polling.PollingIOLoop;
import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The {@link dev.ioloop.api.IOLoop} contract kept with blocking calls on virtual threads and no shared selector loop.
 * The loop thread waits on a {@link BlockingQueue} with a timeout; each registered channel has a {@link ChannelWatcher},
 * a virtual thread blocked in its own one-channel selector, that puts the channel's readiness on that queue and waits
 * until the loop has run the handler and rearmed it. A wakeup is one more element on the queue.
 *
 * <p>Everything else, callbacks, timeouts, dispatch and the slow-callback watchdog, is {@link PollingIOLoop}'s, so
 * all callbacks, timeouts and handlers still run on the loop thread, one at a time. {@link #stats()} also counts the
 * virtual threads that JFR saw pinned to their carrier, JVM-wide ({@link PinnedThreadMonitor}).
 */
public final class VirtualThreadIOLoop extends PollingIOLoop {
  /** What a watcher or a waker hands to the sleeping loop. */
  private sealed interface Signal {}

  private record Readiness(WatchedChannel channel, int readyOps) implements Signal {}

  private enum Wakeup implements Signal { TOKEN }

  /**
   * A registration and its watcher. Touched only on the loop thread, or by close() once the loop stopped; the
   * watcher's thread only reports through the queue.
   */
  private static final class WatchedChannel extends Registration {
    /** Null until watched, and for good if the channel was removed before that. */
    private ChannelWatcher watcher;
    /** Its readiness was taken from the queue and not yet rearmed: the watcher waits for {@link #rearm}. */
    private boolean handedOver;

    WatchedChannel(SelectableChannel channel, IOHandler handler, int events) {
      super(channel, handler, events);
    }

    void watch(BlockingQueue<Signal> signals, ThreadFactory threads) throws IOException {
      watcher = ChannelWatcher.start(channel, interestOps(),
          readyOps -> signals.add(new Readiness(this, readyOps)), threads);
    }

    /** The events a readiness taken from the queue means now; the watcher waits until {@link #rearm}. */
    int handOver(int readyOps) {
      handedOver = true;
      return NioEvents.events(readyOps, events);
    }

    void rearm() {
      if (watcher == null) {
        return; // not watched yet: watch() starts with the current events
      }
      if (handedOver) {
        handedOver = false;
        watcher.resume(interestOps());
      } else {
        watcher.update(interestOps());
      }
    }

    void unwatch() {
      if (watcher != null) {
        watcher.stop();
      }
    }

    /** Recomputed each time: a connect that finished turns OP_CONNECT into OP_WRITE. */
    private int interestOps() {
      return NioEvents.interestOps(channel, events);
    }
  }

  private final BlockingQueue<Signal> signals = new LinkedBlockingQueue<>();
  private final ThreadFactory watcherThreads;

  public VirtualThreadIOLoop() {
    this(System::nanoTime);
  }

  public VirtualThreadIOLoop(LongSupplier clock) {
    super("vt-loop", clock);
    watcherThreads = Thread.ofVirtual().name(name() + "-watcher-", 0).factory();
    PinnedThreadMonitor.start();
  }

  @Override
  protected Registration newRegistration(SelectableChannel channel, IOHandler handler, int events) {
    return new WatchedChannel(channel, handler, events);
  }

  @Override
  protected void watch(Registration registration) throws IOException {
    ((WatchedChannel) registration).watch(signals, watcherThreads);
  }

  /**
   * After a handler call this lets the watcher select again, with the interest operations recomputed. Otherwise
   * (updateHandler) the watcher may be blocked in select() with the old ones: {@link ChannelWatcher#update} wakes it.
   */
  @Override
  protected void rearm(Registration registration) {
    ((WatchedChannel) registration).rearm();
  }

  @Override
  protected void unwatch(Registration registration) {
    ((WatchedChannel) registration).unwatch();
  }

  /**
   * Takes the first signal within the timeout, then whatever else is queued, as one epoll_wait returns every ready
   * channel. At most one readiness per channel is queued: its watcher waits for the rearm. A readiness whose
   * registration was removed meanwhile is reported all the same: the dispatch, which compares registrations by
   * identity, drops it.
   */
  @Override
  protected void poll(long timeoutNanos) {
    try {
      Signal signal = timeoutNanos == 0 ? signals.poll()
          : timeoutNanos < 0 ? signals.take()
          : signals.poll(timeoutNanos, TimeUnit.NANOSECONDS);
      for (; signal != null; signal = signals.poll()) {
        if (signal instanceof Readiness(WatchedChannel watched, int readyOps)) {
          ready(watched, watched.handOver(readyOps));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // as a select() ends on an interrupt; the loop clears it before its next poll
    }
  }

  @Override
  protected void wakeup() {
    signals.add(Wakeup.TOKEN);
  }

  /** Every watcher was stopped by then (close() unwatches each registration); what they queued goes unread. */
  @Override
  protected void closePoller() {
    signals.clear();
  }

  @Override
  protected long pinnedVirtualThreads() {
    return PinnedThreadMonitor.pinned();
  }
}
