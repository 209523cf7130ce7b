package dev.ioloop.jetty;

import dev.ioloop.loom.endpoints.LoomEndpoints;
import dev.ioloop.api.server.ServerConfig;
import dev.ioloop.api.server.ServerCounters;
import dev.ioloop.http.codec.HttpHeaders;
import dev.ioloop.http.codec.HttpParseException;
import dev.ioloop.http.codec.HttpRequest;
import dev.ioloop.http.codec.HttpResponse;
import dev.ioloop.http.codec.HttpStatus;
import dev.ioloop.http.codec.HttpVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.thread.Invocable;

/**
 * The lab's endpoints on Jetty: each Jetty request becomes the codec's {@link HttpRequest}, {@link LoomEndpoints}
 * answers it in blocking style on the thread Jetty called this handler on ({@link Handler.Abstract} is a blocking
 * handler): a virtual thread on the jetty engine, a thread of the pool on the platform engine. The answer is written
 * with the same status, fields and body as the other engines write.
 *
 * <p>Limits the codec enforces while parsing are checked here, since Jetty has no setting for them: a body over
 * {@code maxBodyBytes} answers 413 and a body not complete within {@code headerTimeout} of its head 408, each with a
 * close. (Jetty's {@code HttpConfiguration.setMinRequestDataRate} is a rate, checked only as the handler reads,
 * and words its 408 its own way; the codec's rule is a deadline, so the deadline is kept here.)
 */
final class JettyEndpointHandler extends Handler.Abstract {
  private final ServerConfig config;
  private final ServerCounters counters;
  private final LoomEndpoints endpoints;
  /** The threads answering now, to interrupt those still running once a shutdown's grace is over. */
  private final Set<Thread> answering = ConcurrentHashMap.newKeySet();

  JettyEndpointHandler(ServerConfig config, ServerCounters counters, LoomEndpoints endpoints) {
    this.config = config;
    this.counters = counters;
    this.endpoints = endpoints;
  }

  // tag::handle[]
  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    long started = counters.requestStarted();
    answering.add(Thread.currentThread());
    try {
      HttpResponse answer = endpoints.answer(asCodecRequest(request));
      // Jetty leaves out "Connection: close" where HTTP/1.0 implies it; the codec writes it, so it is asked for.
      send(answer, !request.getConnectionMetaData().isPersistent(), response, callback);
    } catch (HttpParseException unreadable) {
      send(HttpResponse.error(unreadable.status(), unreadable.reason()), true, response, callback);
    } catch (IOException | InterruptedException gone) {
      callback.failed(gone); // the client left mid-body, or the server is stopping: no one to answer
    } finally {
      answering.remove(Thread.currentThread());
      counters.requestFinished(started);
    }
    return true;
  }
  // end::handle[]

  /** Interrupts the handlers still running: a sleeping one does not notice its connection closing. */
  void interruptAnswering() {
    answering.forEach(Thread::interrupt);
  }

  /** Writes {@code answer} as the codec's encoder does: its fields in order, Content-Length, then Connection. */
  static void send(HttpResponse answer, boolean close, Response response, Callback callback) {
    response.setStatus(answer.status());
    HttpFields.Mutable fields = response.getHeaders();
    HttpHeaders headers = answer.headers();
    for (int i = 0; i < headers.size(); i++) {
      fields.add(headers.name(i), headers.value(i));
    }
    fields.put(HttpHeader.CONTENT_LENGTH, Integer.toString(answer.body().length));
    if (close) {
      fields.put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
    }
    response.write(true, ByteBuffer.wrap(answer.body()), callback);
  }

  /** The codec's view of a Jetty request: what {@link dev.ioloop.http.route.Route} and the endpoints read. */
  private HttpRequest asCodecRequest(Request request) throws IOException, InterruptedException, HttpParseException {
    var uri = request.getHttpURI();
    var version = request.getConnectionMetaData().getHttpVersion() == org.eclipse.jetty.http.HttpVersion.HTTP_1_0
        ? HttpVersion.HTTP_1_0
        : HttpVersion.HTTP_1_1;
    return new HttpRequest(request.getMethod(), uri.getPathQuery(), uri.getPath(), query(request), version,
        headers(request.getHeaders()), body(request), request.getConnectionMetaData().isPersistent());
  }

  /** The query's parameters in order, the first of repeated names winning, as the codec decodes them. */
  private static Map<String, String> query(Request request) {
    Fields fields = Request.extractQueryParameters(request);
    if (fields.isEmpty()) {
      return Map.of();
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    fields.forEach(field -> parameters.putIfAbsent(field.getName(), field.getValue()));
    return Collections.unmodifiableMap(parameters);
  }

  private static HttpHeaders headers(HttpFields fields) {
    List<String> namesAndValues = new ArrayList<>(fields.size() * 2);
    for (HttpField field : fields) {
      namesAndValues.add(field.getName());
      namesAndValues.add(field.getValue());
    }
    return HttpHeaders.of(namesAndValues.toArray(String[]::new));
  }

  /**
   * The whole body, read blocking the handler's thread. Over {@code maxBodyBytes}, also when it comes chunked, is 413;
   * not complete within {@code headerTimeout} of the head (Jetty calls the handler once the head is complete) is 408,
   * as on the other engines. What has not come by then is not waited for: the 408 closes the connection.
   */
  private byte[] body(Request request) throws IOException, InterruptedException, HttpParseException {
    long deadline = System.nanoTime() + config.headerTimeout().toNanos();
    if (request.getLength() > config.maxBodyBytes()) {
      throw tooLarge();
    }
    if (request.getLength() == 0) {
      return new byte[0];
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream(request.getLength() > 0 ? (int) request.getLength() : 512);
    while (true) {
      Content.Chunk chunk = request.read();
      if (chunk == null) {
        awaitContent(request, deadline);
        continue;
      }
      try {
        if (Content.Chunk.isFailure(chunk)) {
          Throwable failure = chunk.getFailure();
          if (failure instanceof TimeoutException) {
            // Jetty's idle timeout, longer than the deadline: not expected, answered as the deadline is
            throw new HttpParseException(HttpStatus.REQUEST_TIMEOUT, config.bodyTooSlowReason());
          }
          throw failure instanceof IOException broken ? broken : new IOException(failure);
        }
        if (body.size() + chunk.remaining() > config.maxBodyBytes()) {
          throw tooLarge();
        }
        byte[] bytes = new byte[chunk.remaining()];
        chunk.get(bytes, 0, bytes.length);
        body.write(bytes);
        if (chunk.isLast()) {
          return body.toByteArray();
        }
      } finally {
        chunk.release();
      }
    }
  }

  /**
   * Waits until more of the body has come, or its failure. The wake-up is non-blocking, so Jetty runs it on the
   * selector thread that read the bytes instead of handing it to the pool: on the platform engine, a wake-up that
   * waited for a pool thread of its own would wait behind the very requests whose threads wait for it, a deadlock
   * once every pool thread reads a body (Jetty's {@code asByteArrayAsync} demands with a blocking task).
   */
  /** Waits until more of the body can be read; past {@code deadline} (System.nanoTime) the body is too slow: 408. */
  private void awaitContent(Request request, long deadline) throws InterruptedException, HttpParseException {
    CountDownLatch available = new CountDownLatch(1);
    request.demand(Invocable.from(Invocable.InvocationType.NON_BLOCKING, available::countDown));
    if (!available.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
      throw new HttpParseException(HttpStatus.REQUEST_TIMEOUT, config.bodyTooSlowReason());
    }
  }

  private HttpParseException tooLarge() {
    return new HttpParseException(HttpStatus.CONTENT_TOO_LARGE,
        "message body larger than " + config.maxBodyBytes() + " bytes");
  }
}
