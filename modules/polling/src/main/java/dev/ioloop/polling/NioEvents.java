package dev.ioloop.polling;

import dev.ioloop.api.IOLoop;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/** Translation between {@link IOLoop}'s epoll-style events and NIO's interest and ready operations. */
public final class NioEvents {
  private NioEvents() {}

  /**
   * NIO operations for {@code events} on {@code channel}: READ is OP_ACCEPT on a server socket; WRITE is OP_CONNECT
   * while a socket's connect is pending, OP_WRITE once it is connected (so a finished connect cannot spin).
   */
  public static int interestOps(SelectableChannel channel, int events) {
    int valid = channel.validOps();
    int ops = 0;
    if ((events & IOLoop.READ) != 0) {
      ops |= valid & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT);
    }
    if ((events & IOLoop.WRITE) != 0) {
      boolean connecting = channel instanceof SocketChannel socket && socket.isConnectionPending();
      ops |= valid & (connecting ? SelectionKey.OP_CONNECT : SelectionKey.OP_WRITE);
    }
    return ops;
  }

  /** The {@link IOLoop} events for NIO ready operations, limited to what the handler asked for. */
  public static int events(int readyOps, int registeredEvents) {
    int events = 0;
    if ((readyOps & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0) {
      events |= IOLoop.READ;
    }
    if ((readyOps & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0) {
      events |= IOLoop.WRITE;
    }
    return events & registeredEvents;
  }
}
