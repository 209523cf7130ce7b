package dev.ioloop.reactor.client;

import dev.ioloop.api.IOLoop;
import dev.ioloop.api.Timeout;
import dev.ioloop.http.client.DownstreamException;
import dev.ioloop.http.codec.HttpGetRequest;
import dev.ioloop.http.codec.ReceivedResponse;
import java.util.concurrent.CompletableFuture;

/** One GET of {@link AsyncHttpClient}: its request, its deadline, the connection carrying it, and its outcome. */
final class DownstreamCall {
  final HttpGetRequest request;
  final CompletableFuture<ReceivedResponse> result = new CompletableFuture<>();
  /** Null until the call is carried, and again once it completes; while waiting for a connection it is queued. */
  ClientConnection connection;
  private final IOLoop loop;
  private Timeout deadline;

  DownstreamCall(IOLoop loop, HttpGetRequest request) {
    this.loop = loop;
    this.request = request;
  }

  void startDeadline(Timeout timeout) {
    this.deadline = timeout;
  }

  void succeed(ReceivedResponse response) {
    end();
    result.complete(response);
  }

  void fail(DownstreamException failure) {
    end();
    result.completeExceptionally(failure);
  }

  private void end() {
    connection = null;
    if (deadline != null) {
      loop.removeTimeout(deadline);
    }
  }
}
