package dev.ioloop.api;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/** Both ends of one TCP connection over loopback (Python's {@code socket.socketpair()}), blocking until registered. */
public record SocketPair(SocketChannel client, SocketChannel server) implements Closeable {

  public static SocketPair open() throws IOException {
    try (ServerSocketChannel listener = listen()) {
      SocketChannel client = SocketChannel.open(listener.getLocalAddress());
      try {
        return new SocketPair(client, listener.accept());
      } catch (IOException e) {
        client.close();
        throw e;
      }
    }
  }

  /** A listening socket on a free loopback port. */
  public static ServerSocketChannel listen() throws IOException {
    return ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
  }

  public static ByteBuffer ascii(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
  }

  /** Writes all of {@code text}; for callers that cannot throw checked exceptions, such as loop callbacks. */
  public static void write(SocketChannel channel, String text) {
    try {
      ByteBuffer buffer = ascii(text);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What there is to read now (in blocking mode: at least one byte). */
  public static String readAscii(SocketChannel channel) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(1024);
    channel.read(buffer);
    return new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
  }

  @Override
  public void close() throws IOException {
    try (client; server) {
      // closes both, the second even if the first fails
    }
  }
}
