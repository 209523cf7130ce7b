package dev.ioloop.http.client;

import dev.ioloop.http.codec.HttpStatus;
import java.time.Duration;

/** The downstream did not answer in time (connecting or responding). 504. */
public final class DownstreamTimeoutException extends DownstreamException {
  public DownstreamTimeoutException(String oneLineReason, Throwable cause) {
    super(HttpStatus.GATEWAY_TIMEOUT, oneLineReason, cause);
  }

  /** A call's whole deadline passed: the reason every engine's client gives, so their 504s read the same. */
  public static DownstreamTimeoutException noAnswer(String hostAndPort, Duration timeout, Throwable cause) {
    return new DownstreamTimeoutException(hostAndPort + " did not answer within " + timeout.toMillis() + " ms", cause);
  }
}
