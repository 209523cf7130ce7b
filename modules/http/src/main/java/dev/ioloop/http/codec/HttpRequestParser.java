package dev.ioloop.http.codec;

/**
 * The incremental request parser of both servers: feed it the bytes of a connection as they arrive, in any split,
 * and take the requests out one at a time, in order.
 *
 * <pre>{@code
 * HttpRequest request;
 * while ((request = parser.parse(buffer)) != null) { answer(request); }  // pipelined requests, in order
 * buffer.compact();                                                        // keep a partial one for later
 * }</pre>
 *
 * Errors (each an {@link HttpParseException} with the status to answer before closing, the limits of docs/contract.md):
 * request line and headers over {@link HttpLimits#maxHeadBytes()}: 431; body over
 * {@link HttpLimits#maxBodyBytes()}: 413; a transfer coding other than chunked: 501; anything malformed: 400, among
 * which a bad request line or version (only HTTP/1.0 and HTTP/1.1 are spoken), a bad header line, bare CR or LF,
 * control bytes, obsolete line folding, a missing (HTTP/1.1), repeated or invalid Host, a bad or conflicting
 * Content-Length, Content-Length with Transfer-Encoding. The rules live in the classes that enforce them:
 * {@link LineReader}, {@link HeadReader}, {@link HostField}, {@link BodyReader}, {@link ChunkedDecoder},
 * {@link RequestTarget} and the request line check here.
 *
 * <p>Chunked request bodies are decoded (the decoder is the one responses need anyway): a client may stream a body
 * of unknown length. A request without Content-Length or Transfer-Encoding has no body (RFC 9112 §6.3).
 * {@code Expect: 100-continue} is not answered; clients that send it go ahead after their own short wait.
 * Not thread-safe: one parser per connection.
 */
public final class HttpRequestParser extends MessageParser<HttpRequest> {
  private String method;
  private String target;
  private RequestTarget parsedTarget;
  private HttpVersion version;
  private HttpHeaders headers;

  /** The limits of docs/contract.md: 8 KiB head, 1 MiB body. */
  public HttpRequestParser() {
    this(HttpLimits.DEFAULT);
  }

  public HttpRequestParser(HttpLimits limits) {
    super(limits, ParseErrors.REQUEST);
  }

  @Override
  boolean startBody(String requestLine, HttpHeaders requestHeaders, BodyReader body) throws HttpParseException {
    parseRequestLine(requestLine);
    HostField.check(version, requestHeaders, errors);
    this.headers = requestHeaders;
    body.start(version, requestHeaders, false);
    return true;
  }

  @Override
  HttpRequest message(byte[] body) {
    return new HttpRequest(method, target, parsedTarget.path(), parsedTarget.query(), version, headers, body,
        version.persistent(headers));
  }

  /**
   * {@code method SP request-target SP HTTP-version} with single spaces (RFC 9112 §3): the method a token, the
   * target visible ASCII, the version exactly {@code HTTP/1.1} or {@code HTTP/1.0}.
   */
  private void parseRequestLine(String line) throws HttpParseException {
    int methodEnd = line.indexOf(' ');
    int targetEnd = methodEnd < 0 ? -1 : line.indexOf(' ', methodEnd + 1);
    if (targetEnd < 0) {
      throw errors.malformed("malformed request line");
    }
    method = line.substring(0, methodEnd);
    if (!HttpSyntax.isToken(method)) {
      throw errors.malformed("invalid method");
    }
    target = line.substring(methodEnd + 1, targetEnd);
    if (target.isEmpty() || !HttpSyntax.isVisibleAscii(target)) {
      throw errors.malformed("invalid request target");
    }
    version = HttpVersion.in(line, targetEnd + 1, line.length())
        .orElseThrow(() -> errors.malformed("unsupported HTTP version (HTTP/1.0 and HTTP/1.1 are spoken)"));
    parsedTarget = RequestTarget.parse(method, target, errors);
  }
}
