package dev.ioloop.api.endpoint;

/** A query parameter that is missing, not a number, or out of range: every server answers 400 with the message. */
public final class BadParameterException extends RuntimeException {
  public BadParameterException(String oneLineReason) {
    super(oneLineReason, null, false, false); // an answer, not a bug: no stack trace
  }
}
