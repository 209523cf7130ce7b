package dev.ioloop.reactor.server;

import dev.ioloop.api.IOHandler;
import dev.ioloop.api.IOLoop;
import dev.ioloop.api.server.ServerConfig;
import dev.ioloop.api.server.ServerCounters;
import dev.ioloop.http.codec.HttpResponse;
import dev.ioloop.http.codec.HttpResponseEncoder;
import dev.ioloop.http.codec.HttpStatus;
import dev.ioloop.http.codec.HttpVersion;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;

/**
 * Accepts connections on one loop and deals them to the workers round-robin (Netty's boss loop, here sharing loop 0
 * with its connections). Beyond the connection limit a connection gets 503 and is closed at once.
 */
final class Acceptor implements IOHandler {
  private static final System.Logger LOG = System.getLogger(Acceptor.class.getName());
  /** Accepts per readiness event: a burst of connects is taken in few iterations, without starving the others. */
  private static final int ACCEPTS_PER_EVENT = 64;
  /** Out of file descriptors: accepting again at once would spin on the same failure. */
  private static final Duration BACKOFF = Duration.ofMillis(100);

  private final IOLoop loop;
  private final ServerSocketChannel listener;
  private final List<LoopWorker> workers;
  private final ServerCounters counters;
  private final int maxConnections;
  private final ByteBuffer refusal;
  private final ByteBuffer discard = ByteBuffer.allocate(4096);
  private int next;

  Acceptor(IOLoop loop, ServerSocketChannel listener, List<LoopWorker> workers, ServerCounters counters,
      ServerConfig config) {
    this.loop = loop;
    this.listener = listener;
    this.workers = workers;
    this.counters = counters;
    this.maxConnections = config.maxConnections();
    this.refusal = HttpResponseEncoder.encode(HttpResponse.error(HttpStatus.SERVICE_UNAVAILABLE,
        config.overConnectionLimitReason()), HttpVersion.HTTP_1_1, false);
  }

  void start() {
    loop.addHandler(listener, this, IOLoop.READ);
  }

  /** Stops accepting and closes the listening socket. On the loop thread. */
  void stop() {
    loop.removeHandler(listener);
    try {
      listener.close();
    } catch (IOException e) {
      LOG.log(Level.WARNING, "closing the listening socket failed", e);
    }
  }

  @Override
  public void handle(SelectableChannel ready, int events) {
    for (int i = 0; i < ACCEPTS_PER_EVENT; i++) {
      SocketChannel channel;
      try {
        channel = listener.accept();
      } catch (IOException e) {
        LOG.log(Level.WARNING, "accept failed (out of file descriptors?); pausing accepts for " + BACKOFF, e);
        loop.updateHandler(listener, 0);
        loop.callLater(BACKOFF, () -> {
          if (listener.isOpen()) {
            loop.updateHandler(listener, IOLoop.READ);
          }
        });
        return;
      }
      if (channel == null) {
        return;
      }
      if (counters.openConnections() >= maxConnections) {
        refuse(channel);
      } else {
        counters.connectionOpened();
        workers.get(next).adopt(channel);
        next = (next + 1) % workers.size();
      }
    }
  }

  /**
   * 503 and close. The answer is a hundred bytes, which a fresh socket's send buffer always takes in one
   * non-blocking write; what the client already sent is read first, since unread input makes the close a reset.
   */
  private void refuse(SocketChannel channel) {
    try (channel) {
      channel.configureBlocking(false);
      channel.write(refusal.duplicate());
      while (channel.read(discard.clear()) > 0) {
        // dropped: it is not going to be answered
      }
      channel.shutdownOutput();
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "refusing a connection failed; it is closed anyway", e);
    }
  }
}
