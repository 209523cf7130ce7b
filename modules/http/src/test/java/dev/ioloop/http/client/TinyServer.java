package dev.ioloop.http.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback server on an ephemeral port playing a downstream, each connection on a virtual thread of its own: it
 * reads a request head, records it, then runs its script to answer (or not); with {@link #keepAlive} it goes on
 * reading requests on the connection for as long as the script keeps it open.
 */
final class TinyServer implements AutoCloseable {
  /** Answers the one request of a connection, which is closed afterwards. */
  @FunctionalInterface
  interface Script {
    void run(Socket connection) throws IOException;
  }

  /** Answers a request on a connection that may carry more: whether to read another one on it. */
  @FunctionalInterface
  interface KeepAliveScript {
    boolean answer(Socket connection, Request request) throws IOException;
  }

  /**
   * @param onConnection how many requests came on this connection before this one
   * @param onServer     how many came on any connection before this one
   */
  record Request(String head, int onConnection, int onServer) {}

  private final ServerSocket serverSocket;
  private final Thread acceptor;
  private final ExecutorService connectionThreads = Executors.newVirtualThreadPerTaskExecutor();
  private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
  private final BlockingQueue<String> requestHeads = new LinkedBlockingQueue<>();
  private final AtomicInteger accepted = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();

  TinyServer(Script script) throws IOException {
    this((connection, request) -> {
      script.run(connection);
      return false;
    });
  }

  private TinyServer(KeepAliveScript script) throws IOException {
    serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = Thread.ofPlatform().name("tiny-server").daemon().start(() -> accept(script));
  }

  static TinyServer keepAlive(KeepAliveScript script) throws IOException {
    return new TinyServer(script);
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

  /** Connections accepted so far: shows whether a client reuses its connections. */
  int connectionsAccepted() {
    return accepted.get();
  }

  /** Connections neither side has closed yet: shows whether a client closed the ones it does not keep. */
  int connectionsOpen() {
    return connections.size();
  }

  /** The request head, or null if the client closed the connection between requests. */
  private String readHead(Socket connection) throws IOException {
    InputStream in = connection.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        if (head.size() == 0) {
          return null;
        }
        throw new IOException("client closed before its request head ended: " + head);
      }
      head.write(b);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  private void accept(KeepAliveScript script) {
    while (!serverSocket.isClosed()) {
      try {
        Socket connection = serverSocket.accept();
        accepted.incrementAndGet();
        connections.add(connection);
        connectionThreads.execute(() -> serve(connection, script));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket connection, KeepAliveScript script) {
    try (connection) {
      String head;
      for (int count = 0; (head = readHead(connection)) != null; count++) {
        requestHeads.add(head);
        if (!script.answer(connection, new Request(head, count, requests.getAndIncrement()))) {
          return;
        }
      }
    } catch (IOException e) {
      // the client went away mid-script, or close() closed the server: either way this connection is done
    } finally {
      connections.remove(connection);
    }
  }

  @Override
  public void close() throws IOException {
    serverSocket.close();
    for (Socket connection : connections) {
      connection.close();
    }
    connectionThreads.shutdownNow();
    try {
      acceptor.join(5_000);
      connectionThreads.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
