package dev.ioloop.api;

/** The handle {@link IOLoop#callAt} returns; pass it to {@link IOLoop#removeTimeout} to cancel. */
public interface Timeout {
  /** When it is due, in {@link IOLoop#time()} units (nanoseconds). */
  long deadline();
}
