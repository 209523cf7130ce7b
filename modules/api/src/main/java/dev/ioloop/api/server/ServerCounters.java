package dev.ioloop.api.server;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** The counters behind {@code /api/stats}, kept the same way by every engine; safe from any thread. */
public final class ServerCounters {
  private final long startNanos = System.nanoTime();
  private final LongAdder requests = new LongAdder();
  private final AtomicLong inFlight = new AtomicLong();
  private final AtomicLong openConnections = new AtomicLong();
  private final LongAdder virtualStarted = new LongAdder();
  private final AtomicLong virtualAlive = new AtomicLong();
  private final LatencyWindow latency = LatencyWindow.started();

  public void connectionOpened() {
    openConnections.incrementAndGet();
  }

  public void connectionClosed() {
    openConnections.decrementAndGet();
  }

  public long openConnections() {
    return openConnections.get();
  }

  /** Counts a request in flight; returns its start ({@link System#nanoTime()}), for {@link #requestFinished(long)}. */
  public long requestStarted() {
    inFlight.incrementAndGet();
    return System.nanoTime();
  }

  /**
   * Called once per started request, when its answer has been handed to the connection, with what
   * {@link #requestStarted()} returned: its time goes into the server's latency histogram.
   */
  public void requestFinished(long startNanos) {
    latency.record(System.nanoTime() - startNanos);
    inFlight.decrementAndGet();
    requests.increment();
  }

  public long inFlight() {
    return inFlight.get();
  }

  /** Virtual threads named {@code prefix-N} that count themselves as started and, while they run, alive. */
  public ThreadFactory virtualThreads(String prefix) {
    ThreadFactory factory = Thread.ofVirtual().name(prefix + "-", 0).factory();
    return task -> factory.newThread(() -> {
      virtualStarted.increment();
      virtualAlive.incrementAndGet();
      try {
        task.run();
      } finally {
        virtualAlive.decrementAndGet();
      }
    });
  }

  /**
   * A snapshot; the engine supplies what only it knows: its pinned-thread count, its loops' state and its request
   * thread pool's ({@link ServerStats.Pool#NONE} without one).
   */
  public ServerStats snapshot(Engine engine, long pinnedVirtualThreads, ServerStats.Loop loop, ServerStats.Pool pool) {
    var memory = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    return new ServerStats(engine.model().id(), engine.id(), (System.nanoTime() - startNanos) / 1_000_000, requests.sum(),
        inFlight.get(), openConnections.get(),
        new ServerStats.Threads(ManagementFactory.getThreadMXBean().getThreadCount(), virtualStarted.sum(),
            virtualAlive.get(), pinnedVirtualThreads),
        loop, pool, memory.getUsed(), heapAfterLastCollection(), latency.lastSecond(), processCpuNanos());
  }

  /** The CPU time of the whole process, every thread, user and system; -1 where the JVM cannot tell. */
  private static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime() : -1;
  }

  private static long heapAfterLastCollection() {
    long bytes = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      MemoryUsage afterCollection = pool.getCollectionUsage(); // null for pools no collector manages
      if (pool.getType() == MemoryType.HEAP && afterCollection != null) {
        bytes += afterCollection.getUsed();
      }
    }
    return bytes;
  }
}
