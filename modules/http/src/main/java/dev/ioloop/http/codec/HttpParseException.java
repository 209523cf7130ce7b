package dev.ioloop.http.codec;

/**
 * The one error of the codec's parsers: the message cannot be read, and {@link #status()} is what to answer.
 *
 * <p>For a request that is the HTTP status the server sends before it closes the connection (400, 413, 431 or 501,
 * as docs/contract.md lists them); for a response it is always 502, what a server answers when its downstream sent
 * something it cannot read. The message is one printable line, fit for the plain-text error body.
 */
public final class HttpParseException extends Exception {
  private final int status;

  public HttpParseException(int status, String oneLineReason) {
    super(oneLineReason, null, false, false); // malformed input is an answer, not a bug: no stack trace to pay for
    this.status = status;
  }

  public int status() {
    return status;
  }

  public String reason() {
    return getMessage();
  }
}
