package dev.ioloop.loom.loop;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.function.IntConsumer;

/**
 * Waits for one channel's readiness with a blocking call on a virtual thread of its own: a selector that holds only
 * this channel, blocked in {@code select()}. The JDK parks a virtual thread there instead of blocking its carrier in
 * {@code epoll_wait} (it hands the selector's descriptor to its I/O poller), so a watcher pins nothing.
 *
 * <p>Level-triggered without a spin: after reporting ready operations the watcher waits until {@link #resume} says
 * the report was handled, and only then selects again, so a channel that stays ready is reported once per hand-over.
 *
 * <p>The owner alone sets the interest operations (no lost update between two writers); the selector applies a
 * change at its next {@code select()}, which {@link #update} forces by waking the one in progress.
 */
final class ChannelWatcher {
  private static final System.Logger LOG = System.getLogger(ChannelWatcher.class.getName());

  private final SelectableChannel channel;
  private final Selector selector;
  private final SelectionKey key;
  private final IntConsumer onReady;
  private final Semaphore handled = new Semaphore(0);
  private final Thread thread;

  private ChannelWatcher(SelectableChannel channel, Selector selector, int interestOps, IntConsumer onReady,
      ThreadFactory threads) throws IOException {
    this.channel = channel;
    this.selector = selector;
    this.key = channel.register(selector, interestOps);
    this.onReady = onReady;
    this.thread = threads.newThread(this::watch);
  }

  /**
   * Starts watching {@code channel} (non-blocking) for {@code interestOps}; each readiness goes to {@code onReady}
   * with the ready operations, on the watcher's thread.
   */
  static ChannelWatcher start(SelectableChannel channel, int interestOps, IntConsumer onReady, ThreadFactory threads)
      throws IOException {
    Selector selector = Selector.open();
    try {
      ChannelWatcher watcher = new ChannelWatcher(channel, selector, interestOps, onReady, threads);
      watcher.thread.start();
      return watcher;
    } catch (IOException | RuntimeException e) {
      selector.close();
      throw e;
    }
  }

  private void watch() {
    try (selector) {
      while (key.isValid() && !Thread.currentThread().isInterrupted()) {
        if (selector.select() > 0) {
          selector.selectedKeys().clear();
          onReady.accept(key.readyOps());
          handled.acquire();
        }
        // 0: woken by update() or stop(); the loop condition and the next select() see why
      }
    } catch (InterruptedException | ClosedSelectorException | CancelledKeyException stopped) {
      // stop(), or the channel was closed: closing the selector (try-with-resources) releases its registration
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.ERROR, "watching " + channel + " failed; its handler gets no more events", e);
    }
  }

  /** The last report was handled: select again, for {@code interestOps}. */
  void resume(int interestOps) {
    setInterestOps(interestOps);
    handled.release();
  }

  /** Changes the interest operations, waking a {@code select()} in progress so that it takes them up. */
  void update(int interestOps) {
    if (setInterestOps(interestOps)) {
      selector.wakeup();
    }
  }

  private boolean setInterestOps(int interestOps) {
    try {
      if (key.interestOps() == interestOps) {
        return false;
      }
      key.interestOps(interestOps);
      return true;
    } catch (CancelledKeyException closed) {
      // The channel was closed while registered: a wakeup lets the watcher see it and release the selector.
      selector.wakeup();
      return false;
    }
  }

  /**
   * Ends the watch. When this returns the channel is no longer registered and the selector is closed; the thread
   * ends right after.
   */
  void stop() {
    thread.interrupt(); // ends a select() or a wait for resume()
    try {
      selector.close(); // waits for a select() in progress to return, then deregisters the channel
    } catch (IOException e) {
      LOG.log(Level.WARNING, "closing the selector of " + channel + " failed", e);
    }
  }
}
