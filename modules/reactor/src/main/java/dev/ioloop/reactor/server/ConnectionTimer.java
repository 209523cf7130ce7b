package dev.ioloop.reactor.server;

import dev.ioloop.api.IOLoop;
import dev.ioloop.api.Timeout;
import java.time.Duration;

/**
 * One connection's deadline, moved on every request without a timeout-heap insert and removal each time (Netty's
 * {@code IdleStateHandler} trick): the scheduled timeout may fire early, and then it looks at the current deadline
 * and schedules itself again for the rest. Only a deadline earlier than the scheduled one costs a new timeout.
 * On the loop thread only.
 */
final class ConnectionTimer {
  private final IOLoop loop;
  private Timeout scheduled;
  private long deadline;
  /** What runs at the deadline; null while disarmed. */
  private Runnable onExpiry;

  ConnectionTimer(IOLoop loop) {
    this.loop = loop;
  }

  /** Runs {@code action} after {@code delay} from now, unless armed again or disarmed before. */
  void arm(Duration delay, Runnable action) {
    deadline = loop.time() + delay.toNanos();
    onExpiry = action;
    if (scheduled != null && scheduled.deadline() > deadline) {
      loop.removeTimeout(scheduled);
      scheduled = null;
    }
    if (scheduled == null) {
      scheduled = loop.callAt(deadline, this::fire);
    }
  }

  /** Nothing runs; a scheduled timeout stays in the heap, to fire once for nothing, so a re-arm costs nothing. */
  void disarm() {
    onExpiry = null;
  }

  /** Disarms and takes the scheduled timeout out of the heap: the connection is gone. */
  void cancel() {
    onExpiry = null;
    if (scheduled != null) {
      loop.removeTimeout(scheduled);
      scheduled = null;
    }
  }

  private void fire() {
    scheduled = null;
    if (onExpiry == null) {
      return;
    }
    if (loop.time() < deadline) {
      scheduled = loop.callAt(deadline, this::fire);
      return;
    }
    Runnable expired = onExpiry;
    onExpiry = null;
    expired.run();
  }
}
