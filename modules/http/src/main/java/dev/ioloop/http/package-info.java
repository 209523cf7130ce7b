/**
 * The HTTP/1.1 codec both hand-written servers share, and the small blocking clients; no I/O in the codec.
 *
 * <ul>
 *   <li>Server side: {@link dev.ioloop.http.codec.HttpRequestParser} turns a connection's bytes, in any split, into
 *       {@link dev.ioloop.http.codec.HttpRequest}s one at a time (pipelining); its
 *       {@link dev.ioloop.http.codec.HttpParseException} carries the status to answer before closing (400, 413, 431, 501);
 *       its {@link dev.ioloop.http.codec.MessageProgress} drives the idle and header timeouts.
 *       {@link dev.ioloop.http.codec.HttpResponse} is an answer (the contract's error answers included),
 *       {@link dev.ioloop.http.codec.HttpResponseEncoder} writes its bytes.
 *   <li>Client side: {@link dev.ioloop.http.codec.HttpGetRequest} is the GET both clients send,
 *       {@link dev.ioloop.http.codec.HttpResponseParser} reads the answer into a {@link dev.ioloop.http.codec.ReceivedResponse},
 *       {@link dev.ioloop.http.client.BlockingHttpClient} does both over a plain socket, a connection per call, failing
 *       with a {@link dev.ioloop.http.client.DownstreamException} that says whether to answer 502 or 504;
 *       {@link dev.ioloop.http.client.PooledHttpClient} does the same over pooled keep-alive connections.
 * </ul>
 */
package dev.ioloop.http;
