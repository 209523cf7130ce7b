package dev.ioloop.app.load;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Asks a lab server whether it is up: {@code GET /api/hello} answers 200. */
public final class TargetProbe {
  private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration RETRY_PAUSE = Duration.ofMillis(100);

  private TargetProbe() {}

  /** Throws a message a person can act on when nothing answers at the target. */
  public static void requireAnswering(URI target) throws TargetUnavailableException, InterruptedException {
    requireAnswering(target, false);
  }

  /** As {@link #requireAnswering(URI)}; with {@code allowRemote}, the target may be another machine. */
  public static void requireAnswering(URI target, boolean allowRemote)
      throws TargetUnavailableException, InterruptedException {
    String problem = problem(target, allowRemote);
    if (problem != null) {
      throw new TargetUnavailableException("nothing answers at " + target + " (GET /api/hello: " + problem
          + "). Start a server first, e.g. ./ioloop serve loom --port " + target.getPort()
          + (LoopbackHttp.isLoopback(target) ? "" : " --bind " + target.getHost()));
    }
  }

  /** Waits until the target answers, for at most {@code limit}, while {@code starting} says it may still come up. */
  public static void awaitAnswering(URI target, Duration limit, BooleanSupplier starting)
      throws TargetUnavailableException, InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    String problem;
    while ((problem = problem(target, false)) != null) {
      if (!starting.getAsBoolean()) {
        throw new TargetUnavailableException(target + " stopped before it answered /api/hello (" + problem + ")");
      }
      if (System.nanoTime() > deadline) {
        throw new TargetUnavailableException(
            target + " did not answer /api/hello within " + limit.toSeconds() + " s (" + problem + ")");
      }
      Thread.sleep(RETRY_PAUSE);
    }
  }

  /** Null when /api/hello answers 200, else what went wrong. */
  private static String problem(URI target, boolean allowRemote) throws InterruptedException {
    try (LoopbackHttp http = new LoopbackHttp(ATTEMPT_TIMEOUT, allowRemote)) {
      int status = http.get(target, "/api/hello").statusCode();
      return status == 200 ? null : "status " + status;
    } catch (IOException e) {
      return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
  }
}
