package dev.ioloop.http.codec;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Generators of valid messages, each with what parsing it must give, computed from how it was built and not by any
 * code under test. Sizes stay well within {@link HttpLimits#DEFAULT}.
 */
final class MessageSamples {
  private static final String TCHARS = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  private static final String PATH_CHARS = "abcXYZ019-._~%!$&'()*+,;=:@";
  /**
   * Query text: printable ASCII, Latin-1's upper half, two characters past Latin-1, and once more, to be drawn more
   * often, the ones with a meaning in a query.
   */
  private static final String QUERY_CHARS = range(' ', '~') + range('\u00a0', '\u00ff') + "\u20ac\u4e16&=+%#?";
  /** Field values: visible ASCII, obs-text and the whitespace allowed inside. */
  private static final String FIELD_VALUE_CHARS = range('!', '~') + range('\u0080', '\u00ff') + " \t";
  /** Fields the generator writes itself from the message it builds; random fields never repeat them. */
  private static final List<String> GENERATED_FIELDS =
      List.of("content-length", "transfer-encoding", "connection", "host");

  private MessageSamples() {}

  /** A request's bytes and the request they must parse to. */
  record RequestSample(byte[] bytes, HttpRequest expected) {}

  /** A response's bytes, the response they must parse to, and whether only the connection's close ends it. */
  record ResponseSample(byte[] bytes, ReceivedResponse expected, boolean endsAtClose) {}

  /** How a body is framed on the wire. */
  sealed interface Body {
    byte[] content();
  }

  record Unframed(byte[] content) implements Body {}

  record Sized(byte[] content) implements Body {}

  record Chunked(byte[] content, List<Integer> chunkSizes, boolean extensions, List<String> trailers)
      implements Body {}

  private record Query(String text, Map<String, String> decoded) {}

  static RequestSample request(RandomGenerator random) {
    HttpVersion version = Draw.oneOf(random, HttpVersion.values());
    return request(method(random), path(random), query(random), version, host(random, version), fields(random),
        connection(random), body(random, false), Draw.between(random, 0, 2));
  }

  static ResponseSample response(RandomGenerator random) {
    int status = random.nextBoolean() ? Draw.between(random, 200, 599)
        : Draw.oneOf(random, 200, 204, 304, 404, 502);
    List<Integer> interim = Draw.list(random, 0, 2, r -> Draw.oneOf(r, 100, 102, 103));
    return response(status, Draw.oneOf(random, HttpVersion.values()), fields(random), connection(random),
        body(random, true), interim);
  }

  private static RequestSample request(String method, String path, Query query, HttpVersion version, String host,
      List<String[]> fields, String connection, Body body, int blankLines) {
    Body framed = version == HttpVersion.HTTP_1_0 && body instanceof Chunked chunked
        ? new Sized(chunked.content()) // HTTP/1.0 has no chunked coding
        : body;
    String target = query == null ? path : path + "?" + query.text();
    List<String[]> allFields = withFraming(fields, connection, framed);
    if (host != null) {
      allFields.add(allFields.size() / 3, new String[] {"Host", host});
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes(latin1("\r\n".repeat(blankLines) + method + " " + target + " " + version.text() + "\r\n"));
    writeHeadAndBody(bytes, allFields, framed);
    HttpRequest expected = new HttpRequest(method, target, path, query == null ? Map.of() : query.decoded(),
        version, headers(allFields), framed.content(), keepAlive(version, connection));
    return new RequestSample(bytes.toByteArray(), expected);
  }

  private static ResponseSample response(int status, HttpVersion version, List<String[]> fields, String connection,
      Body body, List<Integer> interimStatuses) {
    boolean bodiless = status == 204 || status == 304;
    Body framed = bodiless || (version == HttpVersion.HTTP_1_0 && body instanceof Chunked)
        ? new Sized(bodiless ? new byte[0] : body.content())
        : body;
    List<String[]> allFields = withFraming(fields, connection, framed);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int interim : interimStatuses) {
      bytes.writeBytes(latin1(version.text() + " " + interim + " Interim\r\nX-Interim: 1\r\n\r\n"));
    }
    bytes.writeBytes(latin1(version.text() + " " + status + " " + HttpStatus.reasonPhrase(status) + "\r\n"));
    writeHeadAndBody(bytes, allFields, framed);
    boolean endsAtClose = framed instanceof Unframed;
    ReceivedResponse expected = new ReceivedResponse(status, version, headers(allFields), framed.content(),
        keepAlive(version, connection) && !endsAtClose);
    return new ResponseSample(bytes.toByteArray(), expected, endsAtClose);
  }

  private static String method(RandomGenerator random) {
    return random.nextBoolean() ? Draw.oneOf(random, "GET", "POST", "PUT", "DELETE", "PATCH")
        : Draw.string(random, TCHARS, 1, 12);
  }

  private static String path(RandomGenerator random) {
    return "/" + String.join("/", Draw.list(random, 0, 4, r -> Draw.string(r, PATH_CHARS, 0, 10)));
  }

  /** A query, or null for none: names and values of any text, form-encoded as browsers do. */
  private static Query query(RandomGenerator random) {
    if (Draw.chance(random, 0.3)) {
      return null;
    }
    return query(Draw.list(random, 0, 4,
        r -> new String[] {Draw.string(r, QUERY_CHARS, 1, 8), Draw.string(r, QUERY_CHARS, 0, 8)}));
  }

  private static Query query(List<String[]> pairs) {
    Map<String, String> decoded = new LinkedHashMap<>();
    List<String> encoded = new ArrayList<>();
    for (String[] pair : pairs) {
      decoded.putIfAbsent(pair[0], pair[1]);
      String name = URLEncoder.encode(pair[0], StandardCharsets.UTF_8);
      encoded.add(pair[1].isEmpty() && name.length() % 2 == 0 ? name // "name" alone means an empty value too
          : name + "=" + URLEncoder.encode(pair[1], StandardCharsets.UTF_8));
    }
    return new Query(String.join("&", encoded), decoded);
  }

  /**
   * A Host value of any form (name, address, IP literal, with a port or not, empty), or null for none: HTTP/1.1
   * requires one (RFC 9112 §3.2), HTTP/1.0 may leave it out.
   */
  private static String host(RandomGenerator random, HttpVersion version) {
    return version == HttpVersion.HTTP_1_0 && random.nextBoolean() ? null
        : Draw.oneOf(random, "lab", "127.0.0.1:8080", "[::1]:8080", "example.com", "");
  }

  /** Header fields other than the generated ones, with values of any sendable bytes, obs-text included. */
  private static List<String[]> fields(RandomGenerator random) {
    return Draw.list(random, 0, 6,
        r -> new String[] {fieldName(r), Draw.string(r, FIELD_VALUE_CHARS, 0, 40).strip()});
  }

  private static String fieldName(RandomGenerator random) {
    String name;
    do {
      name = Draw.string(random, TCHARS, 1, 16);
    } while (GENERATED_FIELDS.contains(name.toLowerCase(Locale.ROOT)));
    return name;
  }

  /** A Connection field's value, or null for none. */
  private static String connection(RandomGenerator random) {
    return Draw.chance(random, 0.4) ? null
        : Draw.oneOf(random, "close", "keep-alive", "Keep-Alive, Upgrade", "upgrade, CLOSE");
  }

  private static Body body(RandomGenerator random, boolean unframedAllowed) {
    // uniform sizes, not Draw.size's small ones: a body needs length to have many chunks
    byte[] content = Draw.bytes(random, Draw.between(random, 0, 300));
    return switch (random.nextInt(3)) {
      case 0 -> new Unframed(unframedAllowed ? content : new byte[0]);
      case 1 -> new Sized(content);
      default -> new Chunked(content, Draw.list(random, 1, 20, r -> Draw.between(r, 1, 40)), random.nextBoolean(),
          Draw.list(random, 0, 2, r -> "X-T: " + Draw.string(r, "abc", 1, 5)));
    };
  }

  /** The fields and, at random-looking but fixed places, the framing ones the body and connection need. */
  private static List<String[]> withFraming(List<String[]> fields, String connection, Body body) {
    List<String[]> all = new ArrayList<>(fields);
    switch (body) {
      case Sized sized -> all.add(all.size() / 2, new String[] {"Content-Length", "" + sized.content().length});
      case Chunked chunked -> all.add(0, new String[] {"Transfer-Encoding", "Chunked"});
      case Unframed unframed -> { }
    }
    if (connection != null) {
      all.add(all.size() - all.size() / 3, new String[] {"connection", connection});
    }
    return all;
  }

  private static void writeHeadAndBody(ByteArrayOutputStream bytes, List<String[]> fields, Body body) {
    for (String[] field : fields) {
      // optional whitespace around the value, varied by field to cover spaces, tabs and none
      String ows = List.of(" ", "", "\t", "  ").get(field[0].length() % 4);
      bytes.writeBytes(latin1(field[0] + ":" + ows + field[1] + ows + "\r\n"));
    }
    bytes.writeBytes(latin1("\r\n"));
    if (body instanceof Chunked chunked) {
      writeChunks(bytes, chunked);
    } else {
      bytes.writeBytes(body.content());
    }
  }

  private static void writeChunks(ByteArrayOutputStream bytes, Chunked chunked) {
    byte[] content = chunked.content();
    int offset = 0;
    for (int i = 0; offset < content.length; i++) {
      int size = Math.min(chunked.chunkSizes().get(i % chunked.chunkSizes().size()), content.length - offset);
      String sizeLine = (i % 2 == 0 ? Integer.toHexString(size) : Integer.toHexString(size).toUpperCase())
          + (chunked.extensions() ? ";ext=" + i : "");
      bytes.writeBytes(latin1(sizeLine + "\r\n"));
      bytes.write(content, offset, size);
      bytes.writeBytes(latin1("\r\n"));
      offset += size;
    }
    bytes.writeBytes(latin1("0" + (chunked.extensions() ? ";last" : "") + "\r\n"));
    for (String trailer : chunked.trailers()) {
      bytes.writeBytes(latin1(trailer + "\r\n"));
    }
    bytes.writeBytes(latin1("\r\n"));
  }

  private static HttpHeaders headers(List<String[]> fields) {
    return HttpHeaders.of(fields.stream().flatMap(Arrays::stream).toArray(String[]::new));
  }

  /** RFC 9112 §9.3, from the Connection values the generator uses. */
  private static boolean keepAlive(HttpVersion version, String connection) {
    String tokens = connection == null ? "" : connection.toLowerCase(Locale.ROOT);
    if (tokens.contains("close")) {
      return false;
    }
    return version == HttpVersion.HTTP_1_1 || tokens.contains("keep-alive");
  }

  /** The characters from {@code first} to {@code last}, both included. */
  private static String range(char first, char last) {
    StringBuilder chars = new StringBuilder();
    for (char c = first; c <= last; c++) {
      chars.append(c);
    }
    return chars.toString();
  }

  private static byte[] latin1(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }
}
