package dev.ioloop.bench.reference;

import dev.ioloop.api.server.ServerConfig;
import io.helidon.common.uri.UriQuery;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.HashMap;
import java.util.Map;

/**
 * The industrial virtual-thread server next to the loom engine: Helidon 4 SE's webserver (Níma), which runs every
 * request on its own virtual thread over blocking sockets, answering {@code /api/hello} and
 * {@code /api/sleep?ms=N} with the same bytes. The sleep is {@link Thread#sleep}, as the loom engine's.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.ioloop.bench.reference.HelidonReferenceServer PORT}; stops on SIGTERM.
 */
public final class HelidonReferenceServer {
  private HelidonReferenceServer() {}

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    WebServer server = WebServer.builder()
        .host("127.0.0.1")
        .port(port)
        .backlog(ServerConfig.ACCEPT_BACKLOG) // as every lab server
        // An open HTTP/1.1 connection needs no "Connection: keep-alive"; the lab's servers send none.
        .addProtocol(Http1Config.builder().sendKeepAliveHeader(false).build())
        .routing(routing -> routing.any(HelidonReferenceServer::answer))
        .build()
        .start();
    System.out.println("helidon listening on http://127.0.0.1:" + server.port());
  }

  private static void answer(ServerRequest request, ServerResponse response) throws InterruptedException {
    ReferenceAnswer answer = ReferenceAnswer.of(request.path().path(), firstValues(request.query()));
    if (answer.delayMillis() > 0) {
      Thread.sleep(answer.delayMillis());
    }
    response.status(Status.create(answer.status()));
    response.header(HeaderNames.CONTENT_TYPE, ReferenceAnswer.CONTENT_TYPE);
    response.headers().remove(HeaderNames.DATE);
    response.send(answer.body());
  }

  private static Map<String, String> firstValues(UriQuery query) {
    Map<String, String> first = new HashMap<>();
    for (String name : query.names()) {
      first.put(name, query.get(name));
    }
    return first;
  }
}
