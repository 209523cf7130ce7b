package dev.ioloop.api.server;

/**
 * What {@code GET /api/stats} answers, as JSON with these names, on every engine.
 *
 * @param model           how the server's code waits: an {@link Engine.Model}'s id
 * @param engine          which server runs it: an {@link Engine}'s id
 * @param uptimeMillis    since the server started
 * @param requests        requests answered
 * @param inFlight        requests being handled now
 * @param openConnections client connections open now
 * @param heapUsedBytes   the JVM's used heap, garbage included: a sawtooth under load
 * @param pool            the request thread pool, all zeros on engines without one
 * @param heapAfterGcBytes the heap still in use after the last collection (its pools' collection usage): what live
 *                        data holds, the figure a leak raises; 0 before the first collection
 * @param latency         the server-side time of the requests that finished in the last full second
 * @param cpuNanos        the process's CPU time so far (every thread, user and system), -1 if unknown: CPU % is the
 *                        difference of two samples over the wall time between them
 */
public record ServerStats(
    String model,
    String engine,
    long uptimeMillis,
    long requests,
    long inFlight,
    long openConnections,
    Threads threads,
    Loop loop,
    Pool pool,
    long heapUsedBytes,
    long heapAfterGcBytes,
    Latency latency,
    long cpuNanos) {

  /**
   * @param platform       live platform threads in the JVM
   * @param virtualStarted virtual threads the server started
   * @param virtualAlive   of those, still running
   * @param pinned         virtual threads seen pinned to their carrier (JFR), 0 where not watched
   */
  public record Threads(int platform, long virtualStarted, long virtualAlive, long pinned) {}

  /**
   * @param loops         event loops serving (0 for servers without one)
   * @param lagMillis     the largest recent lag of a loop's timeouts: how long a ready event waits
   * @param slowCallbacks callbacks that blocked a loop past the slow-callback threshold
   */
  public record Loop(int loops, double lagMillis, long slowCallbacks) {
    /** A server without event loops. */
    public static final Loop NONE = new Loop(0, 0, 0);
  }

  /**
   * A bounded pool of platform threads that requests wait in (the platform engine's Jetty {@code QueuedThreadPool}):
   * where a capacity curve shows requests queueing for a thread.
   *
   * @param busyThreads threads handling a request now, at most {@code maxThreads}
   * @param maxThreads  the threads that may handle requests at once (Tomcat's and Jetty's {@code maxThreads})
   * @param queued      tasks waiting for a free thread: requests, and the set-up of connections accepted meanwhile
   */
  public record Pool(int busyThreads, int maxThreads, int queued) {
    /** A server without such a pool: a thread (virtual) per connection, or event loops. */
    public static final Pool NONE = new Pool(0, 0, 0);
  }

  /**
   * The server-side time of requests, from the parsed request to the answer handed to the connection, over the last
   * full second: two intervals of 500 ms the server rotates itself (HdrHistogram, 2 significant digits).
   *
   * @param count     requests that finished in that second
   * @param p50Micros the median, in microseconds
   * @param p99Micros the 99th percentile
   * @param maxMicros the slowest
   */
  public record Latency(long count, long p50Micros, long p99Micros, long maxMicros) {
    /** No request finished in the last second. */
    public static final Latency NONE = new Latency(0, 0, 0, 0);
  }
}
