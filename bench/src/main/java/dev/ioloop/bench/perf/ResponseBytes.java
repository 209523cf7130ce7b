package dev.ioloop.bench.perf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The bytes a server answers to one keep-alive GET, read off a raw socket, so that the report can say whether every
 * server put the same response on the wire (a comparison of servers answering different bytes would be unfair).
 */
final class ResponseBytes {
  private ResponseBytes() {}

  /** Status line, header lines and body, as sent, for {@code GET target HTTP/1.1}. */
  static String fetch(int port, String target) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(5_000);
      socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      String head = readHead(in);
      int length = contentLength(head);
      return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
  }

  /**
   * How {@code answer} differs from {@code reference}: the header lines only one of them has (order aside), or a
   * different status line or body; empty if they are the same bytes up to header order.
   */
  static List<String> differences(String reference, String answer) {
    List<String> ours = lines(reference);
    List<String> theirs = lines(answer);
    List<String> differences = new ArrayList<>();
    if (!ours.getFirst().equals(theirs.getFirst())) {
      differences.add("status line '" + theirs.getFirst() + "'");
    }
    theirs.stream().skip(1).filter(line -> !ours.contains(line)).map(line -> "adds '" + line + "'")
        .forEach(differences::add);
    ours.stream().skip(1).filter(line -> !theirs.contains(line)).map(line -> "lacks '" + line + "'")
        .forEach(differences::add);
    if (!body(reference).equals(body(answer))) {
      differences.add("body '" + body(answer) + "'");
    }
    return differences;
  }

  /** Whether the header lines come in the same order as the reference's. */
  static boolean sameOrder(String reference, String answer) {
    return lines(reference).equals(lines(answer));
  }

  private static List<String> lines(String response) {
    return List.of(response.substring(0, response.indexOf("\r\n\r\n")).split("\r\n"));
  }

  private static String body(String response) {
    return response.substring(response.indexOf("\r\n\r\n") + 4);
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < end.length) {
      int next = in.read();
      if (next < 0) {
        throw new IOException("the connection ended inside the response head");
      }
      head.write(next);
      matched = next == end[matched] ? matched + 1 : (next == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  private static int contentLength(String head) throws IOException {
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        return Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
      }
    }
    throw new IOException("no Content-Length in:\n" + head);
  }
}
