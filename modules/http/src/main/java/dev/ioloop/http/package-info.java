/**
 * The HTTP/1.1 codec both hand-written servers share, and the small blocking clients; no I/O in the codec.
 *
 * <ul>
 *   <li>Server side: {@link dev.ioloop.http.HttpRequestParser} turns a connection's bytes, in any split, into
 *       {@link dev.ioloop.http.HttpRequest}s one at a time (pipelining); its
 *       {@link dev.ioloop.http.HttpParseException} carries the status to answer before closing (400, 413, 431, 501);
 *       its {@link dev.ioloop.http.MessageProgress} drives the idle and header timeouts.
 *       {@link dev.ioloop.http.HttpResponse} is an answer (the contract's error answers included),
 *       {@link dev.ioloop.http.HttpResponseEncoder} writes its bytes.
 *   <li>Client side: {@link dev.ioloop.http.HttpGetRequest} is the GET both clients send,
 *       {@link dev.ioloop.http.HttpResponseParser} reads the answer into a {@link dev.ioloop.http.ReceivedResponse},
 *       {@link dev.ioloop.http.BlockingHttpClient} does both over a plain socket, a connection per call, failing
 *       with a {@link dev.ioloop.http.DownstreamException} that says whether to answer 502 or 504;
 *       {@link dev.ioloop.http.PooledHttpClient} does the same over pooled keep-alive connections.
 * </ul>
 */
package dev.ioloop.http;
