package dev.ioloop.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A loopback server on an ephemeral port playing a downstream: on every connection it reads the request head,
 * records it, then runs its script to answer (or not).
 */
final class TinyServer implements AutoCloseable {
  @FunctionalInterface
  interface Script {
    void run(Socket connection) throws IOException;
  }

  private final ServerSocket serverSocket;
  private final Thread acceptor;
  private final List<Socket> connections = new CopyOnWriteArrayList<>();
  private final BlockingQueue<String> requestHeads = new LinkedBlockingQueue<>();

  TinyServer(Script script) throws IOException {
    serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = Thread.ofPlatform().name("tiny-server").daemon().start(() -> serve(script));
  }

  URI url(String target) {
    return URI.create("http://127.0.0.1:" + serverSocket.getLocalPort() + target);
  }

  int port() {
    return serverSocket.getLocalPort();
  }

  /** The heads of the requests received so far, oldest first. */
  BlockingQueue<String> requestHeads() {
    return requestHeads;
  }

  private void readHead(Socket connection) throws IOException {
    InputStream in = connection.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("client closed before its request head ended: " + head);
      }
      head.write(b);
    }
    requestHeads.add(head.toString(StandardCharsets.ISO_8859_1));
  }

  private void serve(Script script) {
    while (!serverSocket.isClosed()) {
      try (Socket connection = serverSocket.accept()) {
        connections.add(connection);
        readHead(connection);
        script.run(connection);
      } catch (IOException e) {
        // the client went away mid-script, or close() closed the server: either way, next connection or done
      }
    }
  }

  @Override
  public void close() throws IOException {
    serverSocket.close();
    for (Socket connection : connections) {
      connection.close();
    }
    try {
      acceptor.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
