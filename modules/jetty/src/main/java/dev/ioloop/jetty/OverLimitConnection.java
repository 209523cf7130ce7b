package dev.ioloop.jetty;

import dev.ioloop.api.server.ServerConfig;
import dev.ioloop.http.codec.HttpResponse;
import dev.ioloop.http.codec.HttpResponseEncoder;
import dev.ioloop.http.codec.HttpStatus;
import dev.ioloop.http.codec.HttpVersion;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * A connection past {@code maxConnections} ({@link ConnectionLimitFactory}): answered 503 straight on the socket as
 * soon as it opens, never read from, then closed the lingering way, as the loom server does.
 */
final class OverLimitConnection extends AbstractConnection {
  private final Scheduler scheduler;
  private final String reason;

  OverLimitConnection(EndPoint endPoint, Connector connector, String reason) {
    super(endPoint, connector.getExecutor());
    this.scheduler = connector.getScheduler();
    this.reason = reason;
  }

  @Override
  public void onOpen() {
    super.onOpen(); // and no fillInterested(): none of the client's requests is read, so none runs
    EndPoint endPoint = getEndPoint();
    Runnable lingerThenClose = () -> {
      endPoint.shutdownOutput();
      scheduler.schedule(endPoint::close, ServerConfig.LINGER.toMillis(), TimeUnit.MILLISECONDS);
    };
    endPoint.write(Callback.from(lingerThenClose, failure -> endPoint.close()),
        HttpResponseEncoder.encode(HttpResponse.error(HttpStatus.SERVICE_UNAVAILABLE, reason), HttpVersion.HTTP_1_1,
            false));
  }

  @Override
  public void onFillable() {
    // never called: the connection never asks to read
  }
}
