package dev.ioloop.api.server;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * The loop of a server's helper thread (a sweeper): a tick every period until the thread is interrupted or a tick
 * says to stop. A tick that throws, whatever it throws (an {@link Error} too), is logged and the next tick comes as
 * usual: a helper never dies silently and leaves the server running without it (docs/reliability.md, second round).
 */
public final class Ticker {
  private static final System.Logger LOG = System.getLogger(Ticker.class.getName());

  private Ticker() {}

  /**
   * Sleeps {@code period}, runs {@code tick}, and again, on the calling thread, until {@code tick} returns false or the
   * thread is interrupted (in its sleep, or during a tick); {@code what} names the helper in the log.
   */
  public static void every(Duration period, String what, BooleanSupplier tick) {
    while (!Thread.currentThread().isInterrupted()) {
      try {
        Thread.sleep(period);
      } catch (InterruptedException stopped) {
        return;
      }
      try {
        if (!tick.getAsBoolean()) {
          return;
        }
      } catch (Throwable failure) {
        LOG.log(Level.ERROR, what + " failed; it goes on at its next tick", failure);
      }
    }
  }

  /**
   * Waits for {@code helper}, which has been told to stop, to end. An interrupt of the waiting thread does not cut the
   * wait short (the helper ends at once, and a stop must not leave it behind); it is passed on once the helper ended.
   */
  public static void awaitEnd(Thread helper) {
    boolean interrupted = false;
    while (helper.isAlive()) {
      try {
        helper.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
