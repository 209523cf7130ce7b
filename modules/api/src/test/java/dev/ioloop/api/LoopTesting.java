package dev.ioloop.api;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Ways for a test thread to act on a running loop and wait for it, each bounded by {@link #PATIENCE}. */
public final class LoopTesting {
  /** How long a test waits for something that should happen at once; generous, for a noisy 2-core machine. */
  public static final Duration PATIENCE = Duration.ofSeconds(5);

  private LoopTesting() {}

  /** Test code that may throw anything. */
  public interface Action {
    void run() throws Exception;
  }

  /** Runs {@code action} on the loop thread and returns its result, or rethrows its failure. */
  public static <T> T callOnLoop(IOLoop loop, Callable<T> action) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    loop.addCallback(() -> {
      try {
        result.complete(action.call());
      } catch (Throwable failure) {
        result.completeExceptionally(failure);
      }
    });
    return await(result);
  }

  public static void runOnLoop(IOLoop loop, Action action) throws Exception {
    callOnLoop(loop, () -> {
      action.run();
      return null;
    });
  }

  /**
   * Returns once the loop has run {@code count} more iterations: a chain of callbacks, each added by the one before,
   * and so each run one iteration after it. What was due or ready before the call has been handled by then.
   */
  public static void awaitIterations(IOLoop loop, int count) throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    loop.addCallback(chain(loop, count, done));
    await(done);
  }

  private static Runnable chain(IOLoop loop, int remaining, CompletableFuture<Void> done) {
    return () -> {
      if (remaining <= 1) {
        done.complete(null);
      } else {
        loop.addCallback(chain(loop, remaining - 1, done));
      }
    };
  }

  /** The future's value; its failure rethrown as it is. */
  public static <T> T await(Future<T> future) throws Exception {
    try {
      return future.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      switch (e.getCause()) {
        case Exception cause -> throw cause;
        case Error cause -> throw cause;
        default -> throw e;
      }
    } catch (TimeoutException e) {
      return fail("nothing happened within " + PATIENCE);
    }
  }

  public static void await(CountDownLatch latch) throws InterruptedException {
    assertTrue(latch.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS), "nothing happened within " + PATIENCE);
  }
}
