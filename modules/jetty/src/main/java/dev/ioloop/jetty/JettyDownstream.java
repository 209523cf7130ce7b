package dev.ioloop.jetty;

import dev.ioloop.loom.endpoints.Downstream;
import dev.ioloop.api.server.ServerConfig;
import dev.ioloop.http.client.DownstreamBusyException;
import dev.ioloop.http.client.DownstreamException;
import dev.ioloop.http.client.DownstreamMalformedException;
import dev.ioloop.http.client.DownstreamRefusedException;
import dev.ioloop.http.client.DownstreamResetException;
import dev.ioloop.http.client.DownstreamTimeoutException;
import dev.ioloop.http.codec.HttpParseException;
import dev.ioloop.http.codec.HttpResponse;
import dev.ioloop.http.codec.HttpResponseParser;
import dev.ioloop.http.codec.HttpStatus;
import dev.ioloop.http.route.Route;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.HttpResponseException;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.util.thread.ThreadPool;

/**
 * The way downstream of the jetty and platform engines: jetty-client, its blocking {@code send()} on the calling
 * thread (virtual, or a platform thread of the request pool), or its asynchronous API; either way its I/O and
 * callbacks run on {@code clientThreads}, the {@link ThreadModel}'s, never on the request pool. Jetty's failures
 * become the codec's {@link DownstreamException}s, so that {@link Route#failure} answers 502 and 504 exactly as on
 * the other engines.
 */
final class JettyDownstream implements Downstream {
  private static final int MAX_ANSWER_BYTES = Route.BLOCK2_ANSWER_LIMITS.maxBodyBytes();

  private final URI downstream;
  private final String hostAndPort;
  private final Duration timeout;
  private final HttpClient client = new HttpClient();

  /**
   * Jetty's defaults of 64 connections and 1,024 queued requests per destination would cap the lab at 64 concurrent
   * calls; the lab's bounds instead, as on the other engines: {@code maxDownstreamConnections} open at once, and
   * {@code maxDownstreamWaiting} requests queued for them (each within its deadline), where the queue had room for
   * 900,000 before. A request past it fails at once with Jetty's RejectedExecutionException: 503.
   */
  JettyDownstream(ServerConfig config, ThreadPool clientThreads) throws Exception {
    this.downstream = config.downstream();
    this.hostAndPort = downstream.getHost() + ":" + downstream.getPort();
    this.timeout = config.downstreamTimeout();
    client.setExecutor(clientThreads);
    client.setMaxConnectionsPerDestination(config.maxDownstreamConnections());
    client.setMaxRequestsQueuedPerDestination(config.maxDownstreamWaiting());
    client.setConnectTimeout(timeout.toMillis());
    client.start();
  }

  @Override
  public HttpResponse fetch(String target) throws DownstreamException, InterruptedException {
    Request request = request(target);
    try {
      return relay(send(request).get());
    } catch (ExecutionException failure) {
      throw translate(failure);
    } catch (InterruptedException stopping) {
      request.abort(stopping);
      throw stopping;
    }
  }

  /**
   * Sends {@code request} and buffers its answer up to {@link Route#BLOCK2_ANSWER_LIMITS}' body: beyond it Jetty aborts
   * the exchange at once (its default buffer is 2 MiB).
   */
  private static CompletableFuture<ContentResponse> send(Request request) {
    return new CompletableResponseListener(request, MAX_ANSWER_BYTES).send();
  }

  @Override
  public Future<HttpResponse> fetchAsync(String target) {
    Request request = request(target);
    CompletableFuture<HttpResponse> answer = new CompletableFuture<>();
    send(request).whenComplete((response, failure) -> {
      if (failure == null) {
        answer.complete(relay(response));
      } else {
        answer.completeExceptionally(translate(failure));
      }
    });
    answer.whenComplete((ignored, failure) -> {
      if (failure instanceof CancellationException cancelled) {
        request.abort(cancelled);
      }
    });
    return answer;
  }

  @Override
  public void close() {
    try {
      client.stop();
    } catch (Exception e) {
      throw new IllegalStateException("stopping jetty-client failed", e);
    }
  }

  /**
   * A GET of {@code target} within the timeout, whose interim (1xx) answers are bounded as the codec bounds them
   * ({@link HttpResponseParser#MAX_INTERIM_RESPONSES}), and a {@code 100 Continue}, never asked for, is malformed at
   * once: jetty-client 12.1 takes an unsolicited 100 as the start of its expect-continue exchange and then waits for
   * ever, past the request's own timeout (docs/reliability.md, second round).
   */
  private Request request(String target) {
    AtomicInteger interim = new AtomicInteger();
    return client.newRequest(downstream.resolve(target)).timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .onResponseBegin(response -> {
          if (response.getStatus() == 100) {
            response.abort(new HttpResponseException("100 Continue, though none was asked for", response));
          } else if (response.getStatus() < HttpStatus.OK
              && interim.incrementAndGet() > HttpResponseParser.MAX_INTERIM_RESPONSES) {
            response.abort(new HttpResponseException("more than " + HttpResponseParser.MAX_INTERIM_RESPONSES
                + " interim (1xx) responses", response));
          }
        });
  }

  private static HttpResponse relay(ContentResponse response) {
    return Route.relay(response.getStatus(), response.getContent());
  }

  /** Jetty's failure as the codec's, with the same one-line reasons as {@link dev.ioloop.http.client.BlockingHttpClient}. */
  private DownstreamException translate(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof ExecutionException || cause instanceof CompletionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return switch (cause) {
      case DownstreamException known -> known;
      case RejectedExecutionException queueFull -> new DownstreamBusyException(hostAndPort,
          client.getMaxRequestsQueuedPerDestination());
      case TimeoutException late -> timedOut(late);
      case SocketTimeoutException late -> timedOut(late);
      case ConnectException refused -> new DownstreamRefusedException(
          "cannot connect to " + hostAndPort + ": " + describe(refused), refused);
      case UnresolvedAddressException unknown -> new DownstreamRefusedException(
          "cannot connect to " + hostAndPort + ": unknown host", unknown);
      case HttpResponseException malformed -> malformed(malformed);
      case IllegalArgumentException tooLarge when String.valueOf(tooLarge.getMessage()).startsWith("Buffering capacity")
          -> new DownstreamMalformedException(new HttpParseException(HttpStatus.BAD_GATEWAY,
              "message body larger than " + MAX_ANSWER_BYTES + " bytes"));
      case HttpException malformed -> malformed(cause);
      default -> new DownstreamResetException("connection to " + hostAndPort + " broke: " + describe(cause), cause);
    };
  }

  private DownstreamTimeoutException timedOut(Throwable cause) {
    return DownstreamTimeoutException.noAnswer(hostAndPort, timeout, cause);
  }

  private static DownstreamMalformedException malformed(Throwable cause) {
    return new DownstreamMalformedException(new HttpParseException(HttpStatus.BAD_GATEWAY, describe(cause)));
  }

  /** A failure's message, or its type if it has none (an EOFException often has none). */
  private static String describe(Throwable failure) {
    String message = failure.getMessage();
    return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
  }
}
