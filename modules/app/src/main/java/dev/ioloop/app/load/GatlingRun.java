package dev.ioloop.app.load;

import java.nio.file.Path;

/**
 * A finished Gatling run.
 *
 * @param reportDirectory the run's report: index.html and the rest
 * @param exitCode        Gatling's status: 0, or 2 when an assertion failed (the report is complete either way)
 * @param wallSeconds     the whole launch, start-up and report included
 */
public record GatlingRun(Path reportDirectory, int exitCode, double wallSeconds) {
  /** Gatling's exit status when the run completed but an assertion of the simulation failed. */
  public static final int ASSERTIONS_FAILED = 2;

  public boolean assertionsPassed() {
    return exitCode == 0;
  }
}
