package dev.ioloop.http.client;

import dev.ioloop.api.server.ServerConfig;
import dev.ioloop.http.codec.HttpStatus;

/**
 * Every connection to the downstream is busy and the line of calls waiting for one is full
 * ({@link ServerConfig#maxDownstreamWaiting()}): the call is not made. 503, at once: the server is overloaded, not
 * its downstream broken.
 */
public final class DownstreamBusyException extends DownstreamException {
  public DownstreamBusyException(String hostAndPort, int waiting) {
    super(HttpStatus.SERVICE_UNAVAILABLE, ServerConfig.downstreamBusyReason(hostAndPort, waiting), null);
  }
}
