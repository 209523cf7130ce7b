package dev.ioloop.http.conformance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A client connection over a plain socket for what no HTTP client library will send: malformed requests, pipelined
 * batches, HTTP/1.0, slow heads. It reads answers by hand (head to the blank line, body by Content-Length), never
 * with the codec under test, and hands them back as the exact text that came over the wire.
 */
public final class RawHttp implements AutoCloseable {
  private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)\r\nContent-Length: *(\\d+)\r\n");
  private static final Pattern STATUS = Pattern.compile("^HTTP/1\\.1 (\\d{3}) ");

  private final Socket socket;
  private final InputStream in;

  private RawHttp(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
  }

  /** Connects; every later read waits at most {@code patience}. */
  public static RawHttp connect(InetSocketAddress address, Duration patience) throws IOException {
    Socket socket = new Socket();
    try {
      socket.connect(address, (int) patience.toMillis());
      socket.setSoTimeout((int) patience.toMillis());
      return new RawHttp(socket);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  public RawHttp send(String text) throws IOException {
    return send(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  public RawHttp send(byte[] bytes) throws IOException {
    socket.getOutputStream().write(bytes);
    socket.getOutputStream().flush();
    return this;
  }

  /** Whether some answer has begun to arrive, without waiting for it. */
  public boolean answerArrived() throws IOException {
    return in.available() > 0;
  }

  /** Reads and drops {@code count} bytes of an answer, or fewer if the server closes first. */
  public int skip(int count) throws IOException {
    return in.readNBytes(count).length;
  }

  /** Closes with a reset (RST) instead of a FIN: a client that crashed or gave up, as the server sees it. */
  public void reset() throws IOException {
    socket.setSoLinger(true, 0);
    socket.close();
  }

  /** The next response, head and body, exactly as received. */
  public String response() throws IOException {
    ByteArrayOutputStream bytes = head();
    Matcher length = CONTENT_LENGTH.matcher(bytes.toString(StandardCharsets.ISO_8859_1));
    if (!length.find()) {
      throw new IOException("no Content-Length in " + bytes);
    }
    bytes.write(in.readNBytes(Integer.parseInt(length.group(1))));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** The next response head only, to its blank line: what an interim (1xx) response is, e.g. 100 Continue. */
  public String interimResponse() throws IOException {
    return head().toString(StandardCharsets.ISO_8859_1);
  }

  private ByteArrayOutputStream head() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    while (!bytes.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("the server closed in the middle of a response head: " + bytes);
      }
      bytes.write(b);
    }
    return bytes;
  }

  /** Whether the server closed the connection (cleanly, with no byte more) before the read timeout. */
  public boolean closedByServer() throws IOException {
    return in.read() < 0;
  }

  public static int status(String response) {
    Matcher status = STATUS.matcher(response);
    if (!status.find()) {
      throw new AssertionError("not an HTTP/1.1 status line: " + response);
    }
    return Integer.parseInt(status.group(1));
  }

  public static String body(String response) {
    return response.substring(response.indexOf("\r\n\r\n") + 4);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
