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
 * {@link HttpLimits#maxBodyBytes()}: 413; a transfer coding other than chunked, or CONNECT: 501; a well-formed
 * version of another major than HTTP/1: 505; an {@code Expect} other than {@code 100-continue}: 417; anything
 * malformed: 400, among which a bad request line, version or request-target form, a bad header line, bare CR or LF,
 * control bytes, obsolete line folding, a missing (HTTP/1.1), repeated or invalid Host, a bad or conflicting
 * Content-Length, Content-Length with Transfer-Encoding. The rules live in the classes that enforce them:
 * {@link LineReader}, {@link HeadReader}, {@link HostField}, {@link BodyReader}, {@link ChunkedDecoder},
 * {@link RequestLine}, {@link RequestTarget}, {@link HttpVersion} and the expectation check here.
 *
 * <p>Chunked request bodies are decoded (the decoder is the one responses need anyway): a client may stream a body
 * of unknown length. A request without Content-Length or Transfer-Encoding has no body (RFC 9112 §6.3).
 * {@code Expect: 100-continue} (RFC 9110 §10.1.1): a request the parser accepts whole, head and announced body
 * size, is owed {@code 100 Continue} before its body, which the server asks for with {@link #takeContinue()} and
 * writes; one it refuses gets its final status at once, before any of the body (413 for a body over the limit).
 * HTTP/1.0 requests' expectations are ignored, as RFC 9110 requires. Not thread-safe: one parser per connection.
 */
public final class HttpRequestParser extends MessageParser<HttpRequest> {
  private static final String EXPECT = "Expect";
  private static final String CONTINUE = "100-continue";

  private RequestLine requestLine;
  private HttpHeaders headers;
  /** The request being read asked for 100 Continue, and it was not taken yet. */
  private boolean continueOwed;

  /** The limits of docs/contract.md: 8 KiB head, 1 MiB body. */
  public HttpRequestParser() {
    this(HttpLimits.DEFAULT);
  }

  public HttpRequestParser(HttpLimits limits) {
    super(limits, ParseErrors.REQUEST);
  }

  @Override
  boolean startBody(String requestLine, HttpHeaders requestHeaders, BodyReader body) throws HttpParseException {
    RequestLine line = RequestLine.parse(requestLine, errors);
    HostField.check(line.version(), requestHeaders, errors);
    this.requestLine = line;
    this.headers = requestHeaders;
    body.start(line.version(), requestHeaders, false);
    continueOwed = line.version() == HttpVersion.HTTP_1_1 && expectsContinue(requestHeaders);
    return true;
  }

  @Override
  HttpRequest message(byte[] body) {
    RequestLine line = requestLine;
    return new HttpRequest(line.method(), line.target(), line.parsedTarget().path(), line.parsedTarget().query(),
        line.version(), headers, body, line.version().persistent(headers));
  }

  /**
   * Whether to answer {@code 100 Continue} now: true once for a request whose head asked for it and is accepted,
   * while its announced body (a length above zero, or chunked) has not begun to arrive. The server writes the 100
   * right away, or after the answers it still owes earlier requests. A body that arrives anyway needs none (RFC 9110
   * §10.1.1 lets a server leave it out), nor does a request without a body.
   */
  public boolean takeContinue() {
    boolean owed = continueOwed && awaitingContent();
    continueOwed = false;
    return owed;
  }

  /**
   * The codec's rules for a request line alone ({@link RequestLine}): for a server whose own parser reads the line
   * (Jetty) to refuse what the codec refuses, with the same status and reason.
   *
   * @throws HttpParseException the line is refused: 400, 501 (CONNECT) or 505 (another major version)
   */
  public static void checkRequestLine(String line) throws HttpParseException {
    RequestLine.parse(line, ParseErrors.REQUEST);
  }

  /** Whether {@code Expect} asks for 100-continue; any other expectation is 417; none, or an empty one, is none. */
  private static boolean expectsContinue(HttpHeaders headers) throws HttpParseException {
    boolean expects = false;
    for (String expectation : headers.listElements(EXPECT)) {
      if (!expectation.equalsIgnoreCase(CONTINUE)) {
        throw new HttpParseException(HttpStatus.EXPECTATION_FAILED,
            "unsupported expectation (only 100-continue is understood)");
      }
      expects = true;
    }
    return expects;
  }
}
