package dev.ioloop.tooling.cli;

/**
 * Something a command needs is not on this machine or not free (wrk, a JDK, the built simulations, a port): exit
 * code {@link ExitCode#MISSING_ENVIRONMENT}, and a hint that says what to do about it.
 */
public class MissingEnvironmentException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String hint;

  /** {@code message}: what is missing; {@code hint}: what to do, e.g. "apt-get install wrk". */
  public MissingEnvironmentException(String message, String hint) {
    super(message);
    this.hint = hint;
  }

  /** What to do about it, as one phrase. */
  public String hint() {
    return hint;
  }
}
