package dev.ioloop.http.client;

import dev.ioloop.http.codec.HttpParseException;
import dev.ioloop.http.codec.HttpStatus;

/** The downstream answered something that is not an HTTP response within the limits, or closed before one. 502. */
public final class DownstreamMalformedException extends DownstreamException {
  public DownstreamMalformedException(HttpParseException cause) {
    super(HttpStatus.BAD_GATEWAY, "malformed downstream response: " + cause.reason(), cause);
  }
}
