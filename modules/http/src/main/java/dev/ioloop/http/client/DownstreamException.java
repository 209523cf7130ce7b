package dev.ioloop.http.client;

import java.io.IOException;

/**
 * A downstream call that gave no usable response, by cause, each with the status the calling server answers its own
 * client (docs/contract.md): refused, reset or malformed is 502, too slow is 504. The message is one line, fit for the
 * plain-text error body. Besides, every connection busy and the line of calls waiting for one full is 503. The
 * reactor's asynchronous client fails with the same types.
 */
public abstract sealed class DownstreamException extends IOException
    permits DownstreamRefusedException, DownstreamResetException, DownstreamMalformedException,
        DownstreamTimeoutException, DownstreamBusyException {
  private final int gatewayStatus;

  DownstreamException(int gatewayStatus, String oneLineReason, Throwable cause) {
    super(oneLineReason, cause);
    this.gatewayStatus = gatewayStatus;
  }

  /** 502, 504, or 503 for a full line: what to answer the client whose request needed this call. */
  public int gatewayStatus() {
    return gatewayStatus;
  }
}
