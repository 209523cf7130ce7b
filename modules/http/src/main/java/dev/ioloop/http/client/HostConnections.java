package dev.ioloop.http.client;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The connections of a {@link PooledHttpClient} to one host and port: at most {@code maxOpen} open at once, busy and
 * idle together, of which at most {@code maxIdle} idle, the last one put back taken first, so under light load a few
 * stay warm and the rest age out. A call that finds none idle and no room for another waits for one within its
 * deadline, in a line of at most {@code maxWaiting} calls; beyond that it is refused at once (503).
 *
 * <p>Each open connection holds a place, from {@link #acquire} until {@link #discard} (or, idle, until it is closed
 * here): a connection being opened has its place before its connect, so the bound holds while connects are under way.
 * One lock guards the count, the idle connections and the line; a waiting virtual thread parks on its condition.
 */
final class HostConnections {
  private final String hostAndPort;
  private final int maxOpen;
  private final int maxIdle;
  private final int maxWaiting;
  private final ReentrantLock lock = new ReentrantLock();
  /** Signalled once for each place or idle connection that becomes free. */
  private final Condition freed = lock.newCondition();
  private final Deque<DownstreamConnection> idle = new ArrayDeque<>();
  private int open;
  private int waiting;

  HostConnections(String hostAndPort, int maxOpen, int maxIdle, int maxWaiting) {
    this.hostAndPort = hostAndPort;
    this.maxOpen = maxOpen;
    this.maxIdle = maxIdle;
    this.maxWaiting = maxWaiting;
  }

  /**
   * The most recently idle connection, or null: then a place for a new connection is the caller's, which it gives back
   * with {@link #discard} once that connection is closed (or was never opened). Waits for either until {@code deadline}.
   *
   * @throws DownstreamBusyException    {@code maxWaiting} calls wait already (503)
   * @throws DownstreamTimeoutException the deadline passed while waiting (504)
   * @throws DownstreamRefusedException the waiting thread was interrupted: the call was cancelled
   */
  DownstreamConnection acquire(CallDeadline deadline) throws DownstreamException {
    lock.lock();
    try {
      if (idle.isEmpty() && open >= maxOpen) {
        awaitFree(deadline);
      }
      DownstreamConnection connection = idle.pollFirst();
      if (connection == null) {
        open++;
      }
      return connection;
    } finally {
      lock.unlock();
    }
  }

  /** Under the lock: in line until a connection is idle or a place is free. */
  private void awaitFree(CallDeadline deadline) throws DownstreamException {
    if (waiting >= maxWaiting) {
      throw new DownstreamBusyException(hostAndPort, waiting);
    }
    waiting++;
    boolean gotOne = false;
    try {
      long left = deadline.atNanos() - System.nanoTime();
      while (idle.isEmpty() && open >= maxOpen) {
        if (left <= 0) {
          throw deadline.expired(null);
        }
        left = freed.awaitNanos(left);
      }
      gotOne = true;
    } catch (InterruptedException cancelled) {
      Thread.currentThread().interrupt();
      throw new DownstreamRefusedException("the call was cancelled while waiting for a connection to " + hostAndPort,
          cancelled);
    } finally {
      waiting--;
      if (!gotOne && (!idle.isEmpty() || open < maxOpen)) {
        freed.signal(); // the signal this call may have taken as it gave up goes to the next in line
      }
    }
  }

  /**
   * Keeps {@code connection}, after a complete exchange that left it reusable, idle from now, and wakes a call in line;
   * false, and the caller still owns it and its place, if {@code maxIdle} are idle already.
   */
  boolean release(DownstreamConnection connection) {
    lock.lock();
    try {
      if (idle.size() >= maxIdle) {
        return false;
      }
      connection.idleFromNow();
      idle.offerFirst(connection);
      freed.signal();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** A connection the caller held is closed, or was never opened: its place goes to the next call in line. */
  void discard() {
    lock.lock();
    try {
      open--;
      freed.signal();
    } finally {
      lock.unlock();
    }
  }

  /** Closes the connections idle longer than {@code maxIdleNanos}: the oldest are at the end. */
  void closeIdleLongerThan(long maxIdleNanos, long nowNanos) {
    List<DownstreamConnection> old = new ArrayList<>();
    lock.lock();
    try {
      while (!idle.isEmpty() && idle.peekLast().idleLongerThan(maxIdleNanos, nowNanos)) {
        old.add(idle.pollLast());
      }
      free(old.size());
    } finally {
      lock.unlock();
    }
    old.forEach(DownstreamConnection::close);
  }

  /** Closes every idle connection; busy ones are closed by their calls. */
  void closeAll() {
    List<DownstreamConnection> all;
    lock.lock();
    try {
      all = new ArrayList<>(idle);
      idle.clear();
      free(all.size());
    } finally {
      lock.unlock();
    }
    all.forEach(DownstreamConnection::close);
  }

  /** Connections open now, busy and idle: for tests. */
  int open() {
    lock.lock();
    try {
      return open;
    } finally {
      lock.unlock();
    }
  }

  private void free(int places) {
    open -= places;
    for (int i = 0; i < places; i++) {
      freed.signal();
    }
  }
}
