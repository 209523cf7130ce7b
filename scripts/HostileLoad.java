import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The hostile loads of docs/reliability.md's second round, against a server on 127.0.0.1 only; every mode stops by
 * itself after its seconds. Run with {@code java scripts/HostileLoad.java MODE ...}:
 *
 * <pre>
 *   never-reads PORT CLIENTS SECONDS        each client pipelines twelve 1 MiB POST /api/echo and reads nothing;
 *                                           prints when the server closed each connection (its writes fail)
 *   fanout PORT CLIENTS N SECONDS           CLIENTS loop GET /api/fanout?n=N until SECONDS pass; statuses and sizes
 *   downstream PORT SECONDS SLEEP_MS BYTES  a block2 stand-in on PORT: every answer after SLEEP_MS, of BYTES bytes
 *                                           (0: block2's own few dozen), keep-alive
 * </pre>
 */
public final class HostileLoad {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "never-reads" -> neverReads(Integer.parseInt(args[1]), Integer.parseInt(args[2]), seconds(args[3]));
      case "fanout" -> fanout(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
          seconds(args[4]));
      case "downstream" -> downstream(Integer.parseInt(args[1]), seconds(args[2]), Integer.parseInt(args[3]),
          Integer.parseInt(args[4]));
      default -> throw new IllegalArgumentException("unknown mode " + args[0]);
    }
  }

  private static Duration seconds(String text) {
    return Duration.ofSeconds(Long.parseLong(text));
  }

  private static void neverReads(int port, int clients, Duration limit) throws Exception {
    int size = 1 << 20;
    byte[] one = ("POST /api/echo HTTP/1.1\r\nHost: lab\r\nContent-Length: " + size + "\r\n\r\n"
        + "e".repeat(size)).getBytes(StandardCharsets.ISO_8859_1);
    long start = System.nanoTime();
    Map<Integer, Long> closedAfterMillis = new ConcurrentHashMap<>();
    java.util.concurrent.atomic.AtomicBoolean closingOurselves = new java.util.concurrent.atomic.AtomicBoolean();
    List<Socket> sockets = new ArrayList<>();
    try (ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < clients; i++) {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(LOOPBACK, port), 5_000);
        sockets.add(socket);
        int id = i;
        writers.execute(() -> {
          try {
            OutputStream out = socket.getOutputStream();
            for (int r = 0; r < 12; r++) {
              out.write(one); // blocks once the server stops reading; fails once it closes
            }
            Thread.sleep(limit); // all taken: wait for the close
          } catch (IOException closed) {
            if (!closingOurselves.get()) {
              closedAfterMillis.put(id, (System.nanoTime() - start) / 1_000_000);
            }
          } catch (InterruptedException over) {
            // time is up
          }
        });
      }
      Thread.sleep(limit);
      closingOurselves.set(true);
      for (Socket socket : sockets) {
        socket.setSoLinger(true, 0);
        socket.close();
      }
      writers.shutdownNow();
    }
    System.out.printf("never-reads: %d clients; closed by the server: %d; close times (ms): %s; still open after "
        + "%d s: %d%n", clients, closedAfterMillis.size(), new TreeMap<>(closedAfterMillis).values(),
        limit.toSeconds(), clients - closedAfterMillis.size());
  }

  private static void fanout(int port, int clients, int calls, Duration limit) throws Exception {
    long end = System.nanoTime() + limit.toNanos();
    Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
    AtomicLong largest = new AtomicLong();
    AtomicLong failures = new AtomicLong();
    try (ExecutorService users = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < clients; i++) {
        users.execute(() -> {
          while (System.nanoTime() < end) {
            try (Socket socket = new Socket()) {
              socket.connect(new InetSocketAddress(LOOPBACK, port), 5_000);
              socket.setSoTimeout(30_000);
              socket.getOutputStream().write(("GET /api/fanout?n=" + calls + "&sleep_ms=2000 HTTP/1.1\r\nHost: lab\r\n"
                  + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
              byte[] answer = socket.getInputStream().readAllBytes();
              String head = new String(answer, 0, Math.min(answer.length, 12), StandardCharsets.ISO_8859_1);
              int status = head.startsWith("HTTP/1.1 ") ? Integer.parseInt(head.substring(9, 12)) : -1;
              statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
              largest.accumulateAndGet(answer.length, Math::max);
            } catch (IOException e) {
              failures.incrementAndGet();
            }
          }
        });
      }
    }
    System.out.printf("fanout: %d clients x /api/fanout?n=%d for %d s: statuses %s, connection failures %d, largest "
        + "answer %,d bytes%n", clients, calls, limit.toSeconds(), new TreeMap<>(statuses), failures.get(),
        largest.get());
  }

  private static void downstream(int port, Duration limit, int sleepMillis, int bytes) throws Exception {
    byte[] body = bytes == 0 ? "b:,s:0.000 => e:0.000000".getBytes(StandardCharsets.US_ASCII) : new byte[bytes];
    if (bytes > 0) {
      java.util.Arrays.fill(body, (byte) 'x');
    }
    byte[] head = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: " + body.length
        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    AtomicLong served = new AtomicLong();
    try (ServerSocket listener = new ServerSocket(port, 4096, LOOPBACK);
         ExecutorService connections = Executors.newVirtualThreadPerTaskExecutor()) {
      Thread.ofVirtual().start(() -> {
        try {
          Thread.sleep(limit);
          listener.close();
        } catch (InterruptedException | IOException e) {
          // ends either way
        }
      });
      while (!listener.isClosed()) {
        Socket socket;
        try {
          socket = listener.accept();
        } catch (IOException closed) {
          break;
        }
        connections.execute(() -> {
          try (socket) {
            socket.setSoTimeout((int) limit.toMillis());
            InputStream in = new java.io.BufferedInputStream(socket.getInputStream());
            while (readHead(in)) {
              Thread.sleep(sleepMillis);
              socket.getOutputStream().write(head);
              socket.getOutputStream().write(body);
              served.incrementAndGet();
            }
          } catch (IOException | InterruptedException gone) {
            // the client left, or time is up
          }
        });
      }
      connections.shutdownNow();
      connections.awaitTermination(5, TimeUnit.SECONDS);
    }
    System.out.printf("downstream: served %d answers of %,d bytes%n", served.get(), body.length);
  }

  private static boolean readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      head.write(b);
      if (head.size() >= 4 && head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
        return true;
      }
    }
    return false;
  }
}
