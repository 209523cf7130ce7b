package dev.ioloop.http;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;

/**
 * Generators of valid messages, each with what parsing it must give, computed from how it was built and not by any
 * code under test. Sizes stay well within {@link HttpLimits#DEFAULT}.
 */
final class MessageSamples {
  private static final String TCHARS = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  private static final String PATH_CHARS = "abcXYZ019-._~%!$&'()*+,;=:@";
  private static final List<String> FRAMING_FIELDS = List.of("content-length", "transfer-encoding", "connection");

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

  static Arbitrary<RequestSample> requests() {
    Arbitrary<HttpVersion> versions = Arbitraries.of(HttpVersion.class);
    return Combinators.combine(methods(), paths(), queries(), versions, fields(), connections(), bodies(false),
            Arbitraries.integers().between(0, 2))
        .as(MessageSamples::request);
  }

  static Arbitrary<ResponseSample> responses() {
    Arbitrary<Integer> statuses = Arbitraries.oneOf(Arbitraries.integers().between(200, 599),
        Arbitraries.of(200, 204, 304, 404, 502));
    Arbitrary<List<Integer>> interim = Arbitraries.of(100, 102, 103).list().ofMaxSize(2);
    return Combinators.combine(statuses, Arbitraries.of(HttpVersion.class), fields(), connections(), bodies(true),
            interim)
        .as(MessageSamples::response);
  }

  private static RequestSample request(String method, String path, Query query, HttpVersion version,
      List<String[]> fields, String connection, Body body, int blankLines) {
    Body framed = version == HttpVersion.HTTP_1_0 && body instanceof Chunked chunked
        ? new Sized(chunked.content()) // HTTP/1.0 has no chunked coding
        : body;
    String target = query == null ? path : path + "?" + query.text();
    List<String[]> allFields = withFraming(fields, connection, framed);
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

  private static Arbitrary<String> methods() {
    return Arbitraries.oneOf(Arbitraries.of("GET", "POST", "PUT", "DELETE", "PATCH"),
        Arbitraries.strings().withChars(TCHARS).ofMinLength(1).ofMaxLength(12));
  }

  private static Arbitrary<String> paths() {
    return Arbitraries.strings().withChars(PATH_CHARS).ofMaxLength(10).list().ofMaxSize(4)
        .map(segments -> "/" + String.join("/", segments));
  }

  /** A query, or null for none: names and values of any text, form-encoded as browsers do. */
  private static Arbitrary<Query> queries() {
    Arbitrary<String> text = Arbitraries.strings()
        .withCharRange(' ', '~').withCharRange('\u00a0', '\u00ff').withChars("\u20ac\u4e16&=+%#?")
        .ofMaxLength(8);
    Arbitrary<String[]> pairs = Combinators.combine(text.filter(name -> !name.isEmpty()), text)
        .as((name, value) -> new String[] {name, value});
    return pairs.list().ofMaxSize(4).map(MessageSamples::query).injectNull(0.3);
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

  /** Header fields other than the framing ones, with values of any sendable bytes, obs-text included. */
  private static Arbitrary<List<String[]>> fields() {
    Arbitrary<String> names = Arbitraries.strings().withChars(TCHARS).ofMinLength(1).ofMaxLength(16)
        .filter(name -> !FRAMING_FIELDS.contains(name.toLowerCase(Locale.ROOT)));
    Arbitrary<String> values = Arbitraries.strings()
        .withCharRange('!', '~').withCharRange('\u0080', '\u00ff').withChars(" \t")
        .ofMaxLength(40).map(String::strip);
    return Combinators.combine(names, values).as((name, value) -> new String[] {name, value})
        .list().ofMaxSize(6);
  }

  /** A Connection field's value, or null for none. */
  private static Arbitrary<String> connections() {
    return Arbitraries.of("close", "keep-alive", "Keep-Alive, Upgrade", "upgrade, CLOSE").injectNull(0.4);
  }

  private static Arbitrary<Body> bodies(boolean unframedAllowed) {
    // uniform sizes: jqwik's default favours tiny arrays, and a body needs length to have many chunks
    Arbitrary<byte[]> contents = Arbitraries.bytes().array(byte[].class).ofMaxSize(300)
        .withSizeDistribution(RandomDistribution.uniform());
    Arbitrary<Body> unframed = unframedAllowed ? contents.map(Unframed::new) : Arbitraries.just(
        new Unframed(new byte[0]));
    Arbitrary<Body> chunked = Combinators.combine(contents,
            Arbitraries.integers().between(1, 40).list().ofMinSize(1).ofMaxSize(20),
            Arbitraries.of(true, false),
            Arbitraries.strings().withChars("abc").ofMinLength(1).ofMaxLength(5).map(v -> "X-T: " + v)
                .list().ofMaxSize(2))
        .as(Chunked::new);
    return Arbitraries.oneOf(unframed, contents.map(Sized::new), chunked);
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

  private static byte[] latin1(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }
}
