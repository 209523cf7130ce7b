package dev.ioloop.polling;

import dev.ioloop.api.Timeout;
import dev.ioloop.api.IOLoop;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The loop's timeout heap, ordered by deadline and then by scheduling order (equal deadlines run FIFO). Touched only
 * on the loop thread, except {@link #cancel}, which any thread may call. Cancelled entries stay until they reach the
 * top or a compaction sweeps them (Tornado's lazy cancellation).
 */
final class TimeoutHeap {
  /** Tornado's rule, part of the contract: see {@link IOLoop#TIMEOUT_COMPACTION_THRESHOLD}. */
  static final int COMPACTION_THRESHOLD = IOLoop.TIMEOUT_COMPACTION_THRESHOLD;

  private final PriorityQueue<Entry> heap = new PriorityQueue<>();
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicInteger cancellations = new AtomicInteger();

  Entry newEntry(long deadline, Runnable callback) {
    return new Entry(deadline, sequence.getAndIncrement(), callback);
  }

  /**
   * Adds a new entry. One cancelled on its way here (scheduled from another thread, or before the loop ran) is
   * dropped: cancel() counted it as if it were in the heap, so the count must forget it too, or it drifts and the
   * heap is never compacted again.
   */
  void add(Entry entry) {
    if (entry.isCancelled()) {
      cancellations.decrementAndGet();
    } else {
      heap.add(entry);
    }
  }

  int size() {
    return heap.size();
  }

  /** Harmless after the entry fired, or twice. */
  void cancel(Timeout timeout) {
    if (timeout instanceof Entry entry && entry.cancel()) {
      cancellations.incrementAndGet();
    }
  }

  /** Moves every entry due at {@code now} to {@code due}, in order, before any of them runs; then compacts. */
  void takeDue(long now, List<Entry> due) {
    for (Entry top; (top = heap.peek()) != null && (top.isCancelled() || top.deadline <= now); ) {
      heap.poll();
      if (top.take()) {
        due.add(top);
      } else { // cancelled, perhaps by another thread just now
        cancellations.decrementAndGet();
      }
    }
    int cancelled = cancellations.get();
    if (cancelled > COMPACTION_THRESHOLD && cancelled > heap.size() >> 1) {
      int before = heap.size();
      heap.removeIf(Entry::isCancelled); // PriorityQueue.removeIf re-heapifies
      // Exactly the ones swept: others may have been cancelled meanwhile, and stay counted.
      cancellations.addAndGet(heap.size() - before);
    }
  }

  /** Nanoseconds from {@code now} to the first live deadline (0 if one is due), or -1 if the heap has none. */
  long nanosUntilNext(long now) {
    for (Entry top; (top = heap.peek()) != null; ) {
      if (!top.isCancelled()) {
        return Math.max(0, top.deadline - now);
      }
      heap.poll();
      cancellations.decrementAndGet();
    }
    return -1;
  }

  /** One timeout. Its state only moves forward: PENDING, then DUE (taken this iteration), then FIRED or CANCELLED. */
  static final class Entry implements Timeout, Comparable<Entry> {
    private static final int PENDING = 0, DUE = 1, FIRED = 2, CANCELLED = 3;

    private final long deadline;
    private final long sequence;
    final Runnable callback;
    private final AtomicInteger state = new AtomicInteger(PENDING);

    private Entry(long deadline, long sequence, Runnable callback) {
      this.deadline = deadline;
      this.sequence = sequence;
      this.callback = callback;
    }

    @Override
    public long deadline() {
      return deadline;
    }

    boolean isCancelled() {
      return state.get() == CANCELLED;
    }

    private boolean take() {
      return state.compareAndSet(PENDING, DUE);
    }

    /** Whether it should run now: false if an earlier timeout of this iteration cancelled it. */
    boolean fire() {
      return state.compareAndSet(DUE, FIRED);
    }

    /** True if it was still in the heap, where it now counts as a cancellation to sweep. */
    private boolean cancel() {
      if (state.compareAndSet(PENDING, CANCELLED)) {
        return true;
      }
      state.compareAndSet(DUE, CANCELLED);
      return false;
    }

    @Override
    public int compareTo(Entry other) {
      int byDeadline = Long.compare(deadline, other.deadline);
      return byDeadline != 0 ? byDeadline : Long.compare(sequence, other.sequence);
    }

    @Override
    public String toString() {
      return "Timeout[deadline=" + deadline + ", callback=" + callback + "]";
    }
  }
}
