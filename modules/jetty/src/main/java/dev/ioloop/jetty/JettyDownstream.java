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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.Connection;
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
    Future<HttpResponse> answer = fetchAsync(target);
    try {
      return answer.get();
    } catch (ExecutionException failure) {
      throw (DownstreamException) failure.getCause(); // fetchAsync fails only with DownstreamExceptions
    } catch (InterruptedException stopping) {
      answer.cancel(true); // aborts the request on the wire
      throw stopping;
    }
  }

  @Override
  public Future<HttpResponse> fetchAsync(String target) {
    return new Call(target).answer;
  }

  /**
   * One call downstream within one deadline, retried once as the codec's clients retry: a pooled connection the
   * downstream closed while it was idle can break under a request sent just as the close arrives (the two cross on
   * the wire), and a GET is idempotent. So a call that broke before any byte of answer came is sent again, once, on a
   * fresh connection, within what is left of the deadline; never after a timeout, an answer that began, a malformed
   * answer or a refused connect. (jetty-client itself retries nothing; the retry's connection is outside the pool and
   * its cap, for the one request.)
   */
  private final class Call {
    private final CompletableFuture<HttpResponse> answer = new CompletableFuture<>();
    private final String target;
    private final long deadline = System.nanoTime() + timeout.toNanos();
    private volatile Request current;

    Call(String target) {
      this.target = target;
      answer.whenComplete((ignored, failure) -> {
        if (failure instanceof CancellationException cancelled) {
          current.abort(cancelled);
        }
      });
      attempt(true);
    }

    private void attempt(boolean first) {
      AtomicBoolean answerBegan = new AtomicBoolean();
      Duration left = Duration.ofNanos(deadline - System.nanoTime());
      Request request = request(target, left).onResponseBegin(response -> answerBegan.set(true));
      current = request;
      if (answer.isCancelled()) {
        request.abort(new CancellationException("the call was cancelled"));
        return;
      }
      (first ? send(request) : sendOnFreshConnection(request, left)).whenComplete((response, failure) -> {
        if (failure == null) {
          answer.complete(relay(response));
          return;
        }
        DownstreamException translated = translate(failure);
        if (first && translated instanceof DownstreamResetException && !answerBegan.get() && !answer.isDone()
            && deadline - System.nanoTime() > 0) {
          attempt(false);
        } else {
          answer.completeExceptionally(translated);
        }
      });
    }
  }

  /**
   * Sends {@code request} on a connection of its own, outside the pool, closed after it: a retry must not meet another
   * pooled connection that the downstream closed meanwhile. Connecting counts against what is left of the deadline.
   */
  private CompletableFuture<ContentResponse> sendOnFreshConnection(Request request, Duration left) {
    CompletableFuture<Connection> connecting = client.resolveDestination(request).newConnection();
    CompletableFuture<Connection> inTime = connecting.copy().orTimeout(left.toNanos(), TimeUnit.NANOSECONDS);
    inTime.whenComplete((connection, late) -> {
      if (late != null) {
        connecting.thenAccept(Connection::close); // connected after all, too late: nobody else would close it
      }
    });
    return inTime.thenCompose(connection -> new CompletableResponseListener(request, MAX_ANSWER_BYTES)
        .send(connection).whenComplete((response, failure) -> connection.close()));
  }

  /**
   * Sends {@code request} and buffers its answer up to {@link Route#BLOCK2_ANSWER_LIMITS}' body: beyond it Jetty aborts
   * the exchange at once (its default buffer is 2 MiB).
   */
  private static CompletableFuture<ContentResponse> send(Request request) {
    return new CompletableResponseListener(request, MAX_ANSWER_BYTES).send();
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
   * A GET of {@code target} within {@code within}, whose interim (1xx) answers are bounded as the codec bounds them
   * ({@link HttpResponseParser#MAX_INTERIM_RESPONSES}), and a {@code 100 Continue}, never asked for, is malformed at
   * once: jetty-client 12.1 takes an unsolicited 100 as the start of its expect-continue exchange and then waits for
   * ever, past the request's own timeout (docs/reliability.md, second round).
   */
  private Request request(String target, Duration within) {
    AtomicInteger interim = new AtomicInteger();
    return client.newRequest(downstream.resolve(target)).timeout(Math.max(1, within.toMillis()), TimeUnit.MILLISECONDS)
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
