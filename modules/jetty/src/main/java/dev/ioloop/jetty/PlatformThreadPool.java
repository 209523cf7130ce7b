package dev.ioloop.jetty;

import dev.ioloop.api.server.ServerStats;
import org.eclipse.jetty.util.BlockingArrayQueue;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The platform engine's pool: Jetty's {@link QueuedThreadPool} of platform threads, a fixed {@code threads} of them
 * for requests, and a queue where tasks wait for one, a new request refused with 503 once {@code queue} tasks wait.
 *
 * <ul>
 *   <li>Sized so that {@code threads} is the number of requests handled at once: Jetty's connector leases a pool
 *       thread for good to each of its selectors and acceptors ({@code leased}), so the pool has that many more
 *       ({@link #getMaxAvailableThreads()} is then {@code threads}). And no reserved threads (Jetty's default reserves
 *       a few, about one per core): with them, a selector thread runs the request it found itself while a reserved
 *       thread takes over the selecting, so requests would not all go through the queue, and the threads handling
 *       requests would not be a fixed set. Without them, a selector only selects and hands every request to the
 *       pool: the classic acceptor, poller and worker pool of Tomcat's connector.
 *   <li>All its threads start with it and stay ({@code minThreads} = {@code maxThreads}): the comparison measures the
 *       model, a fixed number of threads, not the pool growing and shrinking (Jetty starts 8 and Tomcat 10, growing up
 *       to their {@code maxThreads} and ending threads idle for 60 s).
 *   <li>The queue is bounded here, not by Jetty: Jetty's queue holds every task (a new connection's set-up, a request,
 *       a closed connection's clean-up), a task it rejects is a connection closed without an answer, and Jetty warns
 *       against bounding it. So the queue itself is unbounded and {@link #execute} refuses only
 *       a request, with 503, when at least {@code queue} tasks wait already and no thread is free. Jetty's own tasks
 *       always get in: there is one at most per connection, and connections are bounded by the connection limit.
 * </ul>
 */
final class PlatformThreadPool extends QueuedThreadPool {
  /** Jetty's and Tomcat's default: an idle thread above {@code minThreads} ends after this. */
  private static final int IDLE_TIMEOUT_MILLIS = 60_000;
  /**
   * How long the pool's stop waits for its threads before it interrupts them (half of it) and gives up (all of it).
   * It stops after the server's graceful stop, once the grace is over, when whatever still runs is to be ended: so
   * not Jetty's default of 5 s, which would make every stop that cuts a request off take 2.5 s more.
   */
  private static final long STOP_TIMEOUT_MILLIS = 1_000;

  private final int threads;
  private final int queue;

  PlatformThreadPool(String name, int threads, int leased, int queue) {
    super(threads + leased, threads + leased, IDLE_TIMEOUT_MILLIS, 0, new BlockingArrayQueue<>(), null);
    this.threads = threads;
    this.queue = queue;
    setName(name);
    setStopTimeout(STOP_TIMEOUT_MILLIS);
  }

  /** Runs {@code task} on a pool thread, or queues it; a new request it refuses with 503 if the queue is full. */
  @Override
  public void execute(Runnable task) {
    if (task instanceof RefusableEndPoint.RequestTask request && isRunning() && full()) {
      request.refuse(busyReason());
      return;
    }
    super.execute(task);
  }

  /**
   * Whether a task would wait, and {@code queue} already do. Read without a lock, so a burst may pass the bound by
   * the number of selectors racing: a limit on load, not an invariant.
   */
  private boolean full() {
    return getQueueSize() >= queue && getIdleThreads() == 0 && getThreads() >= getMaxThreads();
  }

  /** The reason of the 503 past the queue. */
  private String busyReason() {
    return "server busy: its " + threads + " request threads are busy and " + queue + " tasks wait";
  }

  /** Its figures for {@code /api/stats}: busy request threads of the {@code threads}, and the tasks waiting. */
  ServerStats.Pool stats() {
    return new ServerStats.Pool(getUtilizedThreads(), getMaxAvailableThreads(), getQueueSize());
  }
}
