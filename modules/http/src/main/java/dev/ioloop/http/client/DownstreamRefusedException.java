package dev.ioloop.http.client;

import dev.ioloop.http.codec.HttpStatus;

/** The downstream could not be connected to: refused, unreachable, unknown host. 502. */
public final class DownstreamRefusedException extends DownstreamException {
  public DownstreamRefusedException(String oneLineReason, Throwable cause) {
    super(HttpStatus.BAD_GATEWAY, oneLineReason, cause);
  }
}
