package dev.ioloop.http.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The corpus of malformed and smuggling-style requests in {@code malformed-requests.txt} (its header says the
 * format): each entry the bytes to send and the status the codec answers.
 */
final class MalformedRequests {
  private static final String RESOURCE = "malformed-requests.txt";
  private static final Pattern REPEAT = Pattern.compile("\\{(\\d+)\\*([^}]+)}");

  /**
   * @param status what the reactor and the loom server answer (Jetty: any 4xx, or 501 where this says 501)
   * @param name   what is wrong with it
   * @param bytes  the request as sent
   */
  record Entry(int status, String name, byte[] bytes) {
    @Override
    public String toString() {
      return status + " " + name;
    }
  }

  private MalformedRequests() {}

  static List<Entry> all() {
    try (InputStream in = MalformedRequests.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the class path");
      }
      List<Entry> entries = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList()) {
        if (!line.isBlank() && !line.startsWith("#")) {
          entries.add(parse(line));
        }
      }
      return entries;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Entry parse(String line) {
    String[] fields = line.split(" \\| ", 3);
    if (fields.length != 3) {
      throw new IllegalArgumentException("not STATUS | NAME | REQUEST: " + line);
    }
    return new Entry(Integer.parseInt(fields[0].strip()), fields[1].strip(),
        unescape(repeat(fields[2])).getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Expands {@code {N*text}} to text N times (before the escapes, so that the text may hold escapes). */
  private static String repeat(String text) {
    Matcher matcher = REPEAT.matcher(text);
    StringBuilder expanded = new StringBuilder();
    while (matcher.find()) {
      matcher.appendReplacement(expanded,
          Matcher.quoteReplacement(matcher.group(2).repeat(Integer.parseInt(matcher.group(1)))));
    }
    return matcher.appendTail(expanded).toString();
  }

  private static String unescape(String text) {
    StringBuilder bytes = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != '\\') {
        bytes.append(c);
        continue;
      }
      char escape = text.charAt(++i);
      switch (escape) {
        case 'r' -> bytes.append('\r');
        case 'n' -> bytes.append('\n');
        case 't' -> bytes.append('\t');
        case '0' -> bytes.append('\0');
        case '\\' -> bytes.append('\\');
        case 'x' -> {
          bytes.append((char) Integer.parseInt(text.substring(i + 1, i + 3), 16));
          i += 2;
        }
        default -> throw new IllegalArgumentException("unknown escape \\" + escape + " in " + text);
      }
    }
    return bytes.toString();
  }
}
