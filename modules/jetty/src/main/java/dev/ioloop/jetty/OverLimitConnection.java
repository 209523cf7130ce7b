package dev.ioloop.jetty;

import dev.ioloop.http.codec.HttpResponse;
import dev.ioloop.http.codec.HttpResponseEncoder;
import dev.ioloop.http.codec.HttpStatus;
import dev.ioloop.http.codec.HttpVersion;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.util.Callback;

/**
 * A connection past {@code maxConnections} ({@link ConnectionLimitFactory}): answered 503 straight on the socket as
 * soon as it opens, never served, and closed at once, as the reactor and the loom server refuse: a refusal holds
 * nothing once written (a lingering close let a flood of refused clients hold a socket each for 2 s). What the client
 * already sent is read and dropped first, since unread input makes the close a reset.
 */
final class OverLimitConnection extends AbstractConnection {
  private final String reason;

  OverLimitConnection(EndPoint endPoint, Connector connector, String reason) {
    super(endPoint, connector.getExecutor());
    this.reason = reason;
  }

  @Override
  public void onOpen() {
    super.onOpen(); // and no fillInterested(): none of the client's requests is read, so none runs
    EndPoint endPoint = getEndPoint();
    Runnable dropInputThenClose = () -> {
      try {
        ByteBuffer discard = ByteBuffer.allocate(4096);
        while (endPoint.fill(discard.clear()) > 0) {
          // dropped: it is not going to be answered
        }
      } catch (IOException alreadyGone) {
        // closed below either way
      }
      endPoint.shutdownOutput();
      endPoint.close();
    };
    endPoint.write(Callback.from(dropInputThenClose, failure -> endPoint.close()),
        HttpResponseEncoder.encode(HttpResponse.error(HttpStatus.SERVICE_UNAVAILABLE, reason), HttpVersion.HTTP_1_1,
            false));
  }

  @Override
  public void onFillable() {
    // never called: the connection never asks to read
  }
}
