package dev.ioloop.http.codec;

/**
 * The incremental response parser of the clients: feed it a connection's bytes as they arrive, in any split, and
 * take the response out; call {@link #endOfInput()} when the connection closes.
 *
 * <p>Bodies framed by Content-Length, chunked, or (neither header) running until the connection closes; 204 and
 * 304 have none. Interim 1xx responses are skipped; a 101 is refused, as nothing here asks to switch protocols.
 * Responses to HEAD are not expected (the clients only GET). The rules are the request parser's (see
 * {@link HttpRequestParser}), and every error carries 502: what a server answers when its downstream sent something
 * it cannot read. Not thread-safe: one parser per connection.
 */
public final class HttpResponseParser extends MessageParser<ReceivedResponse> {
  private static final int STATUS_CODE_DIGITS = 3;
  /**
   * Interim (1xx) responses before a final one: RFC 9110 §15.2 sets no bound, and servers send one {@code 100 Continue}
   * or a few {@code 103 Early Hints}; 16 leaves room for those and makes a flood of them a malformed answer (502) once
   * at most 16 heads (128 KiB) are read, where it held a call until its deadline (504).
   */
  public static final int MAX_INTERIM_RESPONSES = 16;

  private HttpVersion version;
  private int status;
  private HttpHeaders headers;
  private boolean keepAlive;
  /** Interim responses since the last final one. */
  private int interim;

  /** At most 8 KiB of head and 1 MiB of body, as requests. */
  public HttpResponseParser() {
    this(HttpLimits.DEFAULT);
  }

  public HttpResponseParser(HttpLimits limits) {
    super(limits, ParseErrors.RESPONSE);
  }

  /**
   * The connection closed: returns the response whose body ran until the close, or throws (502) if the close cut a
   * response short or came before any.
   */
  public ReceivedResponse endOfInput() throws HttpParseException {
    if (failure() != null) {
      throw failure();
    }
    if (readingUntilClose()) {
      return complete();
    }
    throw fail(errors.malformed(progress() == MessageProgress.IDLE
        ? "connection closed before a response"
        : "connection closed in the middle of a response"));
  }

  @Override
  boolean startBody(String statusLine, HttpHeaders responseHeaders, BodyReader body) throws HttpParseException {
    parseStatusLine(statusLine);
    if (status == 101) {
      throw errors.malformed("101 Switching Protocols, though no upgrade was asked for");
    }
    if (status < 200) {
      if (++interim > MAX_INTERIM_RESPONSES) {
        throw errors.malformed("more than " + MAX_INTERIM_RESPONSES + " interim (1xx) responses");
      }
      return false;
    }
    interim = 0;
    headers = responseHeaders;
    if (status == 204 || status == 304) {
      body.startEmpty(); // RFC 9112 §6.3: never a body, whatever the headers say
    } else {
      body.start(version, responseHeaders, true);
    }
    keepAlive = version.persistent(responseHeaders) && !body.readsUntilClose();
    return true;
  }

  @Override
  ReceivedResponse message(byte[] body) {
    return new ReceivedResponse(status, version, headers, body, keepAlive);
  }

  /** {@code HTTP-version SP 3DIGIT [SP reason-phrase]} (RFC 9112 §4); a missing phrase is tolerated. */
  private void parseStatusLine(String line) throws HttpParseException {
    int versionEnd = line.indexOf(' ');
    if (versionEnd < 0) {
      throw errors.malformed("malformed status line");
    }
    version = HttpVersion.in(line, 0, versionEnd)
        .orElseThrow(() -> errors.malformed("unsupported HTTP version (HTTP/1.0 and HTTP/1.1 are spoken)"));
    int codeEnd = versionEnd + 1 + STATUS_CODE_DIGITS;
    if (line.length() < codeEnd || (line.length() > codeEnd && line.charAt(codeEnd) != ' ')) {
      throw errors.malformed("malformed status code");
    }
    status = 0;
    for (int i = versionEnd + 1; i < codeEnd; i++) {
      if (!HttpSyntax.isDigit(line.charAt(i))) {
        throw errors.malformed("malformed status code");
      }
      status = status * 10 + line.charAt(i) - '0';
    }
    if (status < 100 || status > 599) {
      throw errors.malformed("status code out of range");
    }
  }
}
