package dev.ioloop.http.conformance;

import dev.ioloop.api.endpoint.Answers;
import dev.ioloop.api.endpoint.Params;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test downstream on an ephemeral loopback port: {@code /api/block2} answered per {@link Answers} over plain blocking
 * sockets, one virtual thread per connection, with keep-alive; or one of the faults a server must turn into 502 or
 * 504. Independent of the codec under test: it reads heads by hand and writes answers as literal text.
 */
public final class Block2Backend implements AutoCloseable {
  /** How the backend treats every request. */
  public enum Behavior {
    /** Answers as block2 does, keeping the connection open unless asked to close. */
    ANSWER,
    /** Starts a response head, then resets the connection (RST). */
    RESET,
    /** Reads the request and never answers. */
    HANG,
    /** Answers bytes that are not HTTP, then closes. */
    GARBAGE,
    /** Sends a head at once, then the body one byte every 100 ms for 5 s: slow overall, never silent for long. */
    TRICKLE,
    /** Answers with keep-alive, then closes the connection when no next request comes within 50 ms. */
    CLOSE_WHEN_IDLE,
    /**
     * Answers the first request of each connection with keep-alive, and closes the connection without a byte when a
     * second one comes on it: the close of an idle connection that crossed the client's next request on the wire.
     */
    CLOSE_ON_REUSE,
    /** Answers 200 with a body of 1 MiB (Content-Length), where block2 answers a few dozen bytes. */
    HUGE,
    /** Answers 200 with neither Content-Length nor chunks: a body of 1 MiB that ends with the close. */
    UNFRAMED,
    /** Answers 200 with a chunked body of 1 MiB, in chunks of 64 KiB. */
    CHUNKED,
    /** Answers {@code 100 Continue} heads one after another, for as long as the client reads them (at most 5 s). */
    INTERIM_FLOOD;

    /** Whether it answers as block2 does (when it answers at all): the others are faults. */
    boolean answers() {
      return this == ANSWER || this == CLOSE_WHEN_IDLE || this == CLOSE_ON_REUSE;
    }
  }

  /** What the huge answers send. */
  public static final int HUGE_BYTES = 1 << 20;
  private static final int CHUNK_BYTES = 64 * 1024;
  private static final Duration FLOOD_DURATION = Duration.ofSeconds(5);
  private static final Duration FLOOD_PAUSE = Duration.ofMillis(10);

  private static final Duration TRICKLE_PAUSE = Duration.ofMillis(100);
  private static final int TRICKLE_BYTES = 50;
  private static final int IDLE_CLOSE_MILLIS = 50;
  /**
   * A faulty backend closes a connection on which no request came for this long, as servers close idle ones: a
   * client that opened connections it never used (a pool growing for calls that failed meanwhile) gets them back.
   */
  private static final int SILENT_CLOSE_MILLIS = 2_000;

  private final Behavior behavior;
  private final ServerSocket listener;
  private final ExecutorService connections = Executors.newVirtualThreadPerTaskExecutor();
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final AtomicInteger accepted = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger maxOpen = new AtomicInteger();

  private Block2Backend(Behavior behavior) throws IOException {
    this.behavior = behavior;
    this.listener = new ServerSocket(0, 1000, InetAddress.getLoopbackAddress());
    Thread.ofPlatform().name("block2-backend-acceptor").daemon().start(this::accept);
  }

  public static Block2Backend start(Behavior behavior) throws IOException {
    return new Block2Backend(behavior);
  }

  /** A URL on a loopback port nothing listens on: connecting is refused. */
  public static URI refusingUrl() throws IOException {
    try (ServerSocket closedAtOnce = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return URI.create("http://127.0.0.1:" + closedAtOnce.getLocalPort());
    }
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + listener.getLocalPort());
  }

  /** Connections accepted so far: shows whether a client reuses its connections. */
  public int connectionsAccepted() {
    return accepted.get();
  }

  /** The most connections that were open at once so far: how many a client opened to it concurrently. */
  public int maxOpenConnections() {
    return maxOpen.get();
  }

  /** Request heads read so far. */
  public int requestsReceived() {
    return requests.get();
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket socket = listener.accept();
        accepted.incrementAndGet();
        sockets.add(socket);
        maxOpen.accumulateAndGet(sockets.size(), Math::max);
        connections.execute(() -> serve(socket));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      if (!behavior.answers()) {
        socket.setSoTimeout(SILENT_CLOSE_MILLIS);
      }
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      boolean open = true;
      for (int onThisConnection = 1; open; onThisConnection++) {
        String head = readHead(in, socket);
        if (head == null) {
          return;
        }
        requests.incrementAndGet();
        if (behavior == Behavior.CLOSE_ON_REUSE && onThisConnection > 1) {
          return;
        }
        open = answer(head, socket, in, out);
      }
    } catch (IOException | InterruptedException gone) {
      // the client went away, or close() closed the socket under us
    } finally {
      sockets.remove(socket);
    }
  }

  /** Answers one request per the behavior; whether the connection stays open for another. */
  private boolean answer(String head, Socket socket, InputStream in, OutputStream out)
      throws IOException, InterruptedException {
    switch (behavior) {
      case ANSWER, CLOSE_WHEN_IDLE, CLOSE_ON_REUSE -> {
        Map<String, String> query = query(head);
        Duration delay = Answers.block2Delay(Params.sleepMillis(query));
        Thread.sleep(delay);
        boolean close = head.toLowerCase().contains("\r\nconnection: close");
        write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\n", close,
            Answers.block2(query.get("time"), delay, Instant.now()));
        if (behavior == Behavior.CLOSE_WHEN_IDLE) {
          socket.setSoTimeout(IDLE_CLOSE_MILLIS);
        }
        return !close;
      }
      case RESET -> {
        out.write("HTTP/1.1 200 OK\r\nContent-".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        socket.setSoLinger(true, 0); // the close sends RST
        return false;
      }
      case HANG -> {
        while (in.read() >= 0) {
          // waits for the client to give up
        }
        return false;
      }
      case GARBAGE -> {
        out.write("this is not HTTP at all\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return false;
      }
      case HUGE -> {
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + HUGE_BYTES + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        out.write(filler(HUGE_BYTES));
        out.flush();
        return false;
      }
      case UNFRAMED -> {
        out.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.write(filler(HUGE_BYTES));
        out.flush();
        return false; // the close ends the body
      }
      case CHUNKED -> {
        out.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII));
        byte[] chunk = filler(CHUNK_BYTES);
        for (int sent = 0; sent < HUGE_BYTES; sent += CHUNK_BYTES) {
          out.write((Integer.toHexString(CHUNK_BYTES) + "\r\n").getBytes(StandardCharsets.US_ASCII));
          out.write(chunk);
          out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return false;
      }
      case INTERIM_FLOOD -> {
        byte[] interim = "HTTP/1.1 100 Continue\r\n\r\n".repeat(100).getBytes(StandardCharsets.US_ASCII);
        long end = System.nanoTime() + FLOOD_DURATION.toNanos();
        while (System.nanoTime() < end) {
          out.write(interim); // fails once the client gives up and closes
          out.flush();
          Thread.sleep(FLOOD_PAUSE); // a flood, not a busy loop of the test's own on two cores
        }
        return false;
      }
      case TRICKLE -> {
        out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + TRICKLE_BYTES + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < TRICKLE_BYTES; i++) {
          out.flush();
          Thread.sleep(TRICKLE_PAUSE);
          out.write('x');
        }
        return false;
      }
    }
    throw new AssertionError(behavior);
  }

  private static byte[] filler(int size) {
    byte[] bytes = new byte[size];
    java.util.Arrays.fill(bytes, (byte) 'x');
    return bytes;
  }

  private static void write(OutputStream out, String statusAndType, boolean close, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    out.write((statusAndType + "Content-Length: " + bytes.length + "\r\n" + (close ? "Connection: close\r\n" : "")
        + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(bytes);
    out.flush();
  }

  /** The head up to its blank line, or null if the client closed (or, idle-closing, sent nothing) first. */
  private static String readHead(InputStream in, Socket socket) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (head.size() < 4 || !head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b;
      try {
        b = in.read();
      } catch (SocketTimeoutException idle) {
        return null;
      }
      if (b < 0) {
        return null;
      }
      head.write(b);
      if (head.size() == 1) {
        socket.setSoTimeout(0); // a request has begun: the idle limit is over
      }
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  /** The query parameters of the request line; block2's are digits and dots, so there is nothing to decode. */
  private static Map<String, String> query(String head) {
    String target = head.substring(head.indexOf(' ') + 1, head.indexOf(' ', head.indexOf(' ') + 1));
    Map<String, String> query = new HashMap<>();
    int question = target.indexOf('?');
    if (question >= 0) {
      for (String pair : target.substring(question + 1).split("&")) {
        int equals = pair.indexOf('=');
        if (equals > 0) {
          query.putIfAbsent(pair.substring(0, equals), pair.substring(equals + 1));
        }
      }
    }
    return query;
  }

  @Override
  public void close() throws IOException {
    listener.close();
    for (Socket socket : sockets) {
      socket.close();
    }
    connections.shutdownNow();
    try {
      if (!connections.awaitTermination(5, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the backend's connections did not end");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
