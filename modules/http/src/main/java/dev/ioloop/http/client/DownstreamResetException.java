package dev.ioloop.http.client;

import dev.ioloop.http.codec.HttpStatus;

/** The connection broke after it was made: reset, or another I/O failure mid-exchange. 502. */
public final class DownstreamResetException extends DownstreamException {
  public DownstreamResetException(String oneLineReason, Throwable cause) {
    super(HttpStatus.BAD_GATEWAY, oneLineReason, cause);
  }
}
