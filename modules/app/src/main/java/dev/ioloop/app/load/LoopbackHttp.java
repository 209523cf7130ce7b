package dev.ioloop.app.load;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The app's own HTTP requests to lab servers (probes, /api/stats samples): to this machine only, never through a
 * proxy. The simulations check their target the same way (LoadParameters in loadtests, which shares no code with
 * the app); this copy guards the app's requests.
 */
public final class LoopbackHttp implements AutoCloseable {
  private final HttpClient client;
  private final Duration timeout;

  public LoopbackHttp(Duration timeout) {
    this.timeout = timeout;
    this.client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .proxy(HttpClient.Builder.NO_PROXY) // a configured proxy would carry loopback requests off the machine
        .connectTimeout(timeout)
        .build();
  }

  /** Refuses any URL off this machine without looking a name up: a literal loopback address or localhost. */
  public static URI requireLoopback(URI url) {
    if (!"http".equals(url.getScheme()) || url.getHost() == null || url.getPort() < 0) {
      throw new IllegalArgumentException("the target must be an http://host:port URL, not " + url);
    }
    String host = url.getHost();
    if (host.equals("localhost")) {
      return url;
    }
    try {
      if (InetAddress.ofLiteral(host.startsWith("[") ? host.substring(1, host.length() - 1) : host)
          .isLoopbackAddress()) {
        return url;
      }
    } catch (IllegalArgumentException notALiteral) {
      // a name: refused below, never looked up
    }
    throw new IllegalArgumentException(
        "load goes to this machine only: the target must be 127.0.0.0/8, [::1] or localhost, not " + host);
  }

  /** GETs {@code path} on {@code base}; the response whatever its status. */
  public HttpResponse<String> get(URI base, String path) throws IOException, InterruptedException {
    URI url = requireLoopback(base).resolve(path);
    return client.send(HttpRequest.newBuilder(url).timeout(timeout).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    client.close();
  }
}
