package dev.ioloop.http.codec;

/**
 * How much of one message a parser accepts, and so the most it ever holds: a head of at most {@code maxHeadBytes}
 * (start line, header fields and the blank line, CRLFs included) and a body of at most {@code maxBodyBytes}.
 */
public record HttpLimits(int maxHeadBytes, int maxBodyBytes) {
  /** The shortest request, {@code "GET / HTTP/1.0\r\n\r\n"} (HTTP/1.1 needs a Host field too), must fit. */
  static final int MIN_HEAD_BYTES = 18;
  /** The limits of docs/contract.md: 8 KiB of request line and headers, 1 MiB of body. */
  public static final HttpLimits DEFAULT = new HttpLimits(8 * 1024, 1024 * 1024);

  public HttpLimits {
    if (maxHeadBytes < MIN_HEAD_BYTES) {
      throw new IllegalArgumentException("maxHeadBytes must be at least " + MIN_HEAD_BYTES + ", not " + maxHeadBytes);
    }
    if (maxBodyBytes < 0) {
      throw new IllegalArgumentException("maxBodyBytes must not be negative, not " + maxBodyBytes);
    }
  }

  public HttpLimits withMaxBodyBytes(int newMaxBodyBytes) {
    return new HttpLimits(maxHeadBytes, newMaxBodyBytes);
  }
}
