package dev.ioloop.http.client;

import java.io.IOException;

/**
 * A downstream call that gave no usable response, by cause, each with the status the calling server answers its own
 * client (docs/contract.md): refused, reset or malformed is 502, too slow is 504. The message is one line, fit for the
 * plain-text error body. The reactor's asynchronous client fails with the same types.
 */
public abstract sealed class DownstreamException extends IOException
    permits DownstreamRefusedException, DownstreamResetException, DownstreamMalformedException,
        DownstreamTimeoutException {
  private final int gatewayStatus;

  DownstreamException(int gatewayStatus, String oneLineReason, Throwable cause) {
    super(oneLineReason, cause);
    this.gatewayStatus = gatewayStatus;
  }

  /** 502 or 504: what to answer the client whose request needed this call. */
  public int gatewayStatus() {
    return gatewayStatus;
  }
}
