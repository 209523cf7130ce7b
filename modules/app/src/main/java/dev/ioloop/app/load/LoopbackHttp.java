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
  /** The option that lets load and probes reach another machine; the refusal names it. */
  public static final String ALLOW_REMOTE_OPTION = "--allow-remote";

  private final HttpClient client;
  private final Duration timeout;
  private final boolean allowRemote;

  public LoopbackHttp(Duration timeout) {
    this(timeout, false);
  }

  /** With {@code allowRemote}, requests may go to another machine (the user said so with --allow-remote). */
  public LoopbackHttp(Duration timeout, boolean allowRemote) {
    this.timeout = timeout;
    this.allowRemote = allowRemote;
    this.client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .proxy(HttpClient.Builder.NO_PROXY) // a configured proxy would carry loopback requests off the machine
        .connectTimeout(timeout)
        .build();
  }

  /**
   * The URL if it may be loaded: on loopback, or anywhere when {@code allowRemote} (the user's explicit opt-in). The
   * refusal says how to opt in.
   */
  public static URI requireAllowed(URI url, boolean allowRemote) {
    if (allowRemote) {
      requireHttpHostPort(url);
      return url;
    }
    return requireLoopback(url);
  }

  private static void requireHttpHostPort(URI url) {
    if (!"http".equals(url.getScheme()) || url.getHost() == null || url.getPort() < 0) {
      throw new IllegalArgumentException("the target must be an http://host:port URL, not " + url);
    }
  }

  /** Whether the URL's host is this machine: a literal loopback address or localhost (no lookup). */
  public static boolean isLoopback(URI url) {
    String host = url.getHost();
    if (host == null) {
      return false;
    }
    if (host.equals("localhost")) {
      return true;
    }
    try {
      return InetAddress.ofLiteral(host.startsWith("[") ? host.substring(1, host.length() - 1) : host)
          .isLoopbackAddress();
    } catch (IllegalArgumentException notALiteral) {
      return false;
    }
  }

  /** Refuses any URL off this machine without looking a name up: a literal loopback address or localhost. */
  public static URI requireLoopback(URI url) {
    requireHttpHostPort(url);
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
        "load goes to this machine only unless asked: the target must be 127.0.0.0/8, [::1] or localhost, not "
            + host + "; to load another machine, add " + ALLOW_REMOTE_OPTION);
  }

  /** GETs {@code path} on {@code base}; the response whatever its status. */
  public HttpResponse<String> get(URI base, String path) throws IOException, InterruptedException {
    URI url = requireAllowed(base, allowRemote).resolve(path);
    return client.send(HttpRequest.newBuilder(url).timeout(timeout).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    client.close();
  }
}
