package dev.ioloop.api;

import java.nio.channels.SelectableChannel;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * An event loop after Tornado's {@code PollIOLoop}: I/O handlers, a callback deque, a timeout heap and a waker.
 *
 * <p>Rules every implementation keeps (the shared contract suite checks each one):
 * <ul>
 *   <li>All callbacks, timeouts and handlers run on the loop thread, one at a time, never concurrently.
 *   <li>{@link #addCallback}, {@link #callAt}, {@link #callLater}, {@link #removeTimeout}, {@link #addFuture},
 *       {@link #stop} and handler (un)registration are safe from any thread (Netty's rule, wider than Tornado's);
 *       a call from another thread wakes a sleeping loop at once, a call from the loop thread wakes nothing.
 *   <li>An exception thrown by a callback, timeout or handler is logged with the callback's identity; the loop goes on.
 *   <li>A callback, timeout or handler that runs longer than a threshold (100 ms by default) is logged once, with the
 *       loop thread's stack taken while it is still blocked, and counted.
 * </ul>
 */
public interface IOLoop extends AutoCloseable {
  /** Readable; for a {@code ServerSocketChannel}, acceptable. Epoll's value, as Tornado. */
  int READ = 0x001;
  /** Writable; for a connecting {@code SocketChannel}, connectable. */
  int WRITE = 0x004;
  /** Always watched. NIO reports errors and hang-ups as readiness of the registered operations. */
  int ERROR = 0x018;
  /** Cancelled timeouts leave the heap lazily: it is compacted when more than this many make up half of it. */
  int TIMEOUT_COMPACTION_THRESHOLD = 512;

  /**
   * Registers {@code handler} for {@code events | ERROR} on {@code channel} and puts the channel in non-blocking mode.
   * The handler is called with this very channel object, and never with events it did not ask for
   * (a READ handler never sees WRITE alone).
   *
   * @throws IllegalStateException if {@code channel} is already registered with this loop
   */
  void addHandler(SelectableChannel channel, IOHandler handler, int events);

  /** Changes the events {@code channel} listens for. */
  void updateHandler(SelectableChannel channel, int events);

  /**
   * Stops listening on {@code channel}; a no-op if it is not registered. Events of {@code channel} still pending in
   * this iteration are dropped: a handler removed by an earlier handler is not called.
   */
  void removeHandler(SelectableChannel channel);

  /**
   * Runs {@code callback} on the loop thread on its NEXT iteration, in FIFO order. Callbacks added while an iteration
   * runs its callbacks wait for the next one. Silently dropped once the loop is closing.
   */
  void addCallback(Runnable callback);

  /**
   * Runs {@code callback} at {@code deadlineNanos} on the loop's {@link #time()} clock. Equal deadlines run FIFO.
   * All timeouts due at the start of an iteration are taken before any runs; one cancelled by an earlier one in
   * the same iteration does not run.
   */
  Timeout callAt(long deadlineNanos, Runnable callback);

  /** {@link #callAt} {@code time() + delay}. */
  Timeout callLater(Duration delay, Runnable callback);

  /**
   * Cancels a timeout; harmless after it fired, or twice. Cancelled timeouts leave the heap lazily: it is compacted
   * when cancellations exceed {@link #TIMEOUT_COMPACTION_THRESHOLD} and half its size.
   */
  void removeTimeout(Timeout timeout);

  /** Calls {@code callback} with {@code future} on the loop once it completes; never inline, even if already done. */
  <T> void addFuture(CompletionStage<T> future, Consumer<? super CompletionStage<T>> callback);

  /** Runs {@code blockingTask} off the loop; the returned future completes ON the loop thread. */
  <T> CompletableFuture<T> runInExecutor(Callable<T> blockingTask);

  /**
   * Tornado's {@code run_sync}: starts the loop on the calling thread, calls {@code function} on it, stops when its
   * stage completes and returns the value.
   *
   * @param timeout {@code null} for none
   * @throws TimeoutException if the stage does not complete in time
   * @throws ExecutionException with the stage's failure (or the function's exception) as its cause
   * @throws IllegalStateException if {@link #stop()} is called before the stage completes
   */
  <T> T runSync(Supplier<? extends CompletionStage<T>> function, Duration timeout)
      throws TimeoutException, ExecutionException;

  /** The loop's clock in nanoseconds (Tornado's {@code time_func}); deadlines are in these units. */
  long time();

  /** Whether the caller runs on this loop's thread. */
  boolean inLoopThread();

  /**
   * Runs the loop on the calling thread until {@link #stop()}. Returns at once if {@code stop()} was called while the
   * loop was not running (Tornado's rule; the stop is consumed).
   *
   * @throws IllegalStateException if the loop is already running, or closed
   */
  void start();

  /** Stops the loop after the current iteration; safe from any thread. */
  void stop();

  /**
   * Releases the loop's resources once {@link #start()} has returned; {@code allChannels} also closes every channel
   * still registered.
   */
  void close(boolean allChannels);

  @Override
  default void close() {
    close(false);
  }
}
