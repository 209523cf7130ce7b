package dev.ioloop.http.codec;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A GET the clients send downstream: where to connect and the request's bytes. Both clients (the blocking one here
 * and the reactor's asynchronous one) send exactly these bytes.
 *
 * @param host   as in the URL, an IPv6 literal in brackets
 * @param port   the URL's port, 80 if it has none
 * @param target path and query, percent-encoded ASCII
 */
public record HttpGetRequest(String host, int port, String target) {
  private static final int DEFAULT_PORT = 80;

  /** The GET of an {@code http://} URL; anything else (https, no host) is an {@link IllegalArgumentException}. */
  public static HttpGetRequest of(URI url) {
    URI ascii = URI.create(url.toASCIIString()); // non-ASCII characters in the path or query become %-escapes
    if (!"http".equalsIgnoreCase(ascii.getScheme()) || ascii.getHost() == null) {
      throw new IllegalArgumentException("only http://host[:port]/... URLs can be fetched, not " + url);
    }
    String path = ascii.getRawPath() == null || ascii.getRawPath().isEmpty() ? "/" : ascii.getRawPath();
    String target = ascii.getRawQuery() == null ? path : path + "?" + ascii.getRawQuery();
    return new HttpGetRequest(ascii.getHost(), ascii.getPort() < 0 ? DEFAULT_PORT : ascii.getPort(), target);
  }

  public InetSocketAddress address() {
    return new InetSocketAddress(host, port);
  }

  /**
   * {@code GET target HTTP/1.1} with {@code Host} and {@code Connection: close}: one request per connection, so the
   * response ends the exchange and no pooled connection can be found stale mid-request.
   */
  public byte[] encode() {
    return encode("Connection: close\r\n");
  }

  /**
   * {@code GET target HTTP/1.1} with {@code Host} only: the connection stays open for the next request, for a client
   * that pools connections and so must itself handle a pooled connection the server closed meanwhile.
   */
  public byte[] encodeKeepAlive() {
    return encode("");
  }

  /** {@code host:port}: what the clients key their pools by and name a downstream in their reasons. */
  public String hostAndPort() {
    return host + ":" + port;
  }

  private byte[] encode(String connectionField) {
    String hostField = port == DEFAULT_PORT ? host : host + ":" + port;
    return ("GET " + target + " HTTP/1.1\r\nHost: " + hostField + "\r\n" + connectionField + "\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }
}
