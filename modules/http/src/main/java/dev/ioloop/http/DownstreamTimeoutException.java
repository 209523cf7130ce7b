package dev.ioloop.http;

/** The downstream did not answer in time (connecting or responding). 504. */
public final class DownstreamTimeoutException extends DownstreamException {
  public DownstreamTimeoutException(String oneLineReason, Throwable cause) {
    super(HttpStatus.GATEWAY_TIMEOUT, oneLineReason, cause);
  }
}
