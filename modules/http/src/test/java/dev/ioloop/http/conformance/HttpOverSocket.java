package dev.ioloop.http.conformance;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A client connection over a plain socket that sends requests as text: what these tests need and no more. */
public final class HttpOverSocket implements AutoCloseable {
  private final Socket socket = new Socket();

  public HttpOverSocket(InetSocketAddress server, Duration patience) throws IOException {
    socket.connect(server, (int) patience.toMillis());
    socket.setSoTimeout((int) patience.toMillis());
  }

  public HttpOverSocket get(String target) throws IOException {
    socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: lab\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    return this;
  }

  /** What arrives until the server closes: the answers, if any. */
  public String readUntilClosed() throws IOException {
    return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
  }

  /** The start of what arrives next: enough to see an answer's status line. */
  public String readSome() throws IOException {
    byte[] bytes = new byte[1024];
    int count = socket.getInputStream().read(bytes);
    return count < 0 ? "" : new String(bytes, 0, count, StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
