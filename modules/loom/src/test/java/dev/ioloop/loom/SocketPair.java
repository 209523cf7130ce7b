package dev.ioloop.loom;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/** Two connected loopback sockets: {@code near} goes to the loop under test, {@code far} stays blocking in the test. */
record SocketPair(SocketChannel near, SocketChannel far) implements AutoCloseable {
  static SocketPair open() throws IOException {
    try (ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      SocketChannel far = SocketChannel.open(server.getLocalAddress());
      return new SocketPair(server.accept(), far);
    }
  }

  @Override
  public void close() throws IOException {
    try (far) {
      near.close();
    }
  }
}
