package dev.ioloop.reactor.loop;

/**
 * Netty's guard against the JDK selector bug that makes {@code select()} return at once with nothing selected, over
 * and over (JDK-6670302, JDK-6403933): a loop spinning at 100% CPU. It counts premature returns in a row; at
 * {@link #REBUILD_THRESHOLD} the selector has to be replaced. Used on the loop thread only.
 */
final class SpuriousWakeupDetector {
  /** Netty's {@code io.netty.selectorAutoRebuildThreshold}. */
  static final int REBUILD_THRESHOLD = 512;

  private int prematureInARow;

  /**
   * Records one return from {@code select} and says whether the selector must be rebuilt now. A return is premature
   * when the select was asked to wait ({@code timeoutNanos} -1 for no limit), selected nothing, and came back before
   * its timeout though nobody woke or interrupted it.
   */
  boolean selectReturned(int selectedKeys, long timeoutNanos, long waitedNanos, boolean woken, boolean interrupted) {
    boolean premature = selectedKeys == 0 && timeoutNanos != 0 && !woken && !interrupted
        && (timeoutNanos < 0 || waitedNanos < timeoutNanos);
    if (!premature) {
      prematureInARow = 0;
      return false;
    }
    if (++prematureInARow < REBUILD_THRESHOLD) {
      return false;
    }
    prematureInARow = 0;
    return true;
  }
}
