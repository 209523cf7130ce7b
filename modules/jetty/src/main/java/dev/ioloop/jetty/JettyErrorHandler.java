package dev.ioloop.jetty;

import dev.ioloop.http.codec.HttpResponse;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The answers Jetty gives by itself (a malformed request, headers too large, a failing handler) in the contract's
 * shape: plain text, one line, as {@link HttpResponse#error} writes on every engine, instead of Jetty's HTML page.
 * The status is Jetty's, and so is the reason, in words that differ from the codec's (where
 * {@link HeadRules}, {@link JettyRequestLine} or {@link JettyConnectionFactory} refuses a request, status and words are the codec's).
 * A 505 stays 505: a well-formed version of another major (RFC 9110 §15.6.6); the malformed versions Jetty also
 * answers 505 are judged 400 by {@link JettyRequestLine} before they get here.
 */
final class JettyErrorHandler implements Request.Handler {
  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = response.getStatus();
    String reason = (String) request.getAttribute(ErrorHandler.ERROR_MESSAGE);
    if (request.getAttribute(ErrorHandler.ERROR_EXCEPTION) instanceof HttpException failure) {
      status = failure.getCode();
      reason = reason == null ? failure.getReason() : reason;
    }
    if (reason == null) {
      reason = org.eclipse.jetty.http.HttpStatus.getMessage(status);
    }
    response.getHeaders().clear(); // Jetty's Cache-Control and the like: the answer is the codec's, field for field
    JettyEndpointHandler.send(HttpResponse.error(status, reason), true, response, callback);
    return true;
  }
}
