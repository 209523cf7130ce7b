package dev.ioloop.api.endpoint;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The lab's endpoints: every server (reactor, loom, jetty) routes the same paths with the same methods. */
public enum Endpoint {
  HELLO("GET", "/api/hello"),
  /** The slow leaf: sleeps, blocking, then answers {@code b:T,s:S => e:E}. */
  BLOCK2("GET", "/api/block2"),
  /** Calls block2 downstream with the blocking client. */
  BLOCK("GET", "/api/block"),
  /** Calls block2 downstream with the asynchronous client. */
  NOBLOCK("GET", "/api/noblock"),
  /** Waits without blocking a loop or a carrier. */
  SLEEP("GET", "/api/sleep"),
  /** K concurrent block2 calls, bodies joined in call order. */
  FANOUT("GET", "/api/fanout"),
  /** SHA-256 rounds: CPU-bound work neither model helps. */
  CPU("GET", "/api/cpu"),
  ECHO("POST", "/api/echo"),
  STATS("GET", "/api/stats");

  private static final Map<String, Endpoint> BY_PATH =
      Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(Endpoint::path, Function.identity()));

  private final String method;
  private final String path;

  Endpoint(String method, String path) {
    this.method = method;
    this.path = path;
  }

  public String method() {
    return method;
  }

  public String path() {
    return path;
  }

  /** The endpoint at {@code path} (the target without its query), if any: none answers 404. */
  public static Optional<Endpoint> forPath(String path) {
    return Optional.ofNullable(BY_PATH.get(path));
  }

  /** Whether {@code requestMethod} is allowed here; if not, the answer is 405 with {@code Allow: method()}. */
  public boolean allows(String requestMethod) {
    return method.equals(requestMethod);
  }
}
