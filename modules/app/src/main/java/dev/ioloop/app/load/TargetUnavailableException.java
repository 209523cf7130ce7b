package dev.ioloop.app.load;

/** The server to load does not answer; the message says what to do. */
public final class TargetUnavailableException extends Exception {
  public TargetUnavailableException(String message) {
    super(message);
  }
}
