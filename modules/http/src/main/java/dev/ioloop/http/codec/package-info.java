/**
 * The HTTP/1.1 codec both hand-written servers share; no I/O here.
 *
 * <ul>
 *   <li>Server side: {@link dev.ioloop.http.codec.HttpRequestParser} turns a connection's bytes, in any split, into
 *       {@link dev.ioloop.http.codec.HttpRequest}s one at a time (pipelining); its
 *       {@link dev.ioloop.http.codec.HttpParseException} carries the status to answer before closing (400, 413, 431,
 *       501); its {@link dev.ioloop.http.codec.MessageProgress} drives the idle and header timeouts.
 *       {@link dev.ioloop.http.codec.HttpResponse} is an answer (the contract's error answers included),
 *       {@link dev.ioloop.http.codec.HttpResponseEncoder} writes its bytes.
 *   <li>Client side: {@link dev.ioloop.http.codec.HttpGetRequest} is the GET every client sends,
 *       {@link dev.ioloop.http.codec.HttpResponseParser} reads the answer into a
 *       {@link dev.ioloop.http.codec.ReceivedResponse}. The clients that do the I/O are in
 *       {@code dev.ioloop.http.client}.
 * </ul>
 */
package dev.ioloop.http.codec;
