package dev.ioloop.http.codec;

/**
 * The statuses a parser's errors carry. The rules are shared by requests and responses; what a broken message means
 * is not: a client's broken request gets its own 4xx/5xx, a downstream's broken response makes the server answer 502.
 */
record ParseErrors(int malformedStatus, int headTooLargeStatus, int bodyTooLargeStatus, int unsupportedCodingStatus) {
  static final ParseErrors REQUEST = new ParseErrors(HttpStatus.BAD_REQUEST, HttpStatus.HEADER_FIELDS_TOO_LARGE,
      HttpStatus.CONTENT_TOO_LARGE, HttpStatus.NOT_IMPLEMENTED);
  static final ParseErrors RESPONSE = new ParseErrors(HttpStatus.BAD_GATEWAY, HttpStatus.BAD_GATEWAY,
      HttpStatus.BAD_GATEWAY, HttpStatus.BAD_GATEWAY);

  HttpParseException malformed(String reason) {
    return new HttpParseException(malformedStatus, reason);
  }

  HttpParseException headTooLarge(int maxHeadBytes) {
    return new HttpParseException(headTooLargeStatus, "message head larger than " + maxHeadBytes + " bytes");
  }

  HttpParseException bodyTooLarge(int maxBodyBytes) {
    return new HttpParseException(bodyTooLargeStatus, "message body larger than " + maxBodyBytes + " bytes");
  }

  HttpParseException unsupportedCoding() {
    return new HttpParseException(unsupportedCodingStatus, "unsupported transfer coding (only chunked is understood)");
  }
}
