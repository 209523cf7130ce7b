package dev.ioloop.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Headless Chromium kept open on a live page, driven over the DevTools protocol (a WebSocket on loopback): for a
 * page that never finishes loading, such as the dashboard fed by Server-Sent Events, whose state is read while it
 * runs. Collects every console message and uncaught exception.
 */
final class LiveChromium implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

  private final Process chromium;
  private final Path profile;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final List<String> console = new CopyOnWriteArrayList<>();

  private LiveChromium(Process chromium, Path profile, WebSocket socket) {
    this.chromium = chromium;
    this.profile = profile;
    this.socket = socket;
  }

  /** Opens {@code url} in a page of {@code width} x {@code height} CSS pixels. */
  static LiveChromium open(HeadlessChromium installed, URI url, int width, int height) throws Exception {
    Path profile = Files.createTempDirectory("chromium-profile");
    Process chromium = new ProcessBuilder(installed.binary().toString(), "--headless", "--no-sandbox",
        "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--hide-scrollbars", "--user-data-dir=" + profile,
        "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "--window-size=" + width + "," + height,
        "about:blank").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      URI browser = devToolsAddress(chromium);
      HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();
      String pages = http.send(HttpRequest.newBuilder(URI.create("http://" + browser.getAuthority() + "/json/list"))
          .build(), HttpResponse.BodyHandlers.ofString()).body();
      String pageSocket = null;
      for (JsonNode target : JSON.readTree(pages)) {
        if ("page".equals(target.path("type").asText())) {
          pageSocket = target.path("webSocketDebuggerUrl").asText();
        }
      }
      if (pageSocket == null) {
        throw new IOException("chromium lists no page: " + pages);
      }
      Listener listener = new Listener();
      WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(pageSocket), listener)
          .get(30, TimeUnit.SECONDS);
      LiveChromium live = new LiveChromium(chromium, profile, socket);
      listener.owner = live;
      live.call("Runtime.enable", JSON.createObjectNode());
      live.call("Log.enable", JSON.createObjectNode());
      live.call("Page.enable", JSON.createObjectNode());
      // The page's own size, whatever window frame headless Chromium counts into --window-size.
      live.call("Emulation.setDeviceMetricsOverride", JSON.createObjectNode().put("width", width).put("height", height)
          .put("deviceScaleFactor", 1).put("mobile", false));
      live.call("Page.navigate", JSON.createObjectNode().put("url", url.toString()));
      return live;
    } catch (Exception e) {
      chromium.destroyForcibly();
      throw e;
    }
  }

  private static URI devToolsAddress(Process chromium) throws IOException {
    BufferedReader stderr = new BufferedReader(new InputStreamReader(chromium.getErrorStream(),
        StandardCharsets.UTF_8));
    CompletableFuture<URI> found = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> {
      try {
        for (String line; (line = stderr.readLine()) != null; ) {
          Matcher matcher = LISTENING.matcher(line);
          if (matcher.find()) {
            found.complete(URI.create(matcher.group(1)));
          }
        } // read on to the end, so that chromium never blocks on a full pipe
      } catch (IOException gone) {
        // chromium exited
      }
      found.completeExceptionally(new IOException("chromium exited without a DevTools address"));
    });
    try {
      return found.get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IOException("no DevTools address from chromium: " + e, e);
    }
  }

  /** Evaluates {@code expression} in the page and returns its value (JSON-serializable values only). */
  JsonNode evaluate(String expression) throws Exception {
    JsonNode result = call("Runtime.evaluate",
        JSON.createObjectNode().put("expression", expression).put("returnByValue", true));
    return result.path("result").path("value");
  }

  /** A PNG of the window as it is now. */
  byte[] screenshot() throws Exception {
    return Base64.getDecoder().decode(call("Page.captureScreenshot", JSON.createObjectNode().put("format", "png"))
        .path("data").asText());
  }

  /** Console messages (any level) and uncaught exceptions so far, one line each. */
  List<String> consoleLines() {
    return new ArrayList<>(console);
  }

  private JsonNode call(String method, ObjectNode params) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
    message.set("params", params);
    socket.sendText(JSON.writeValueAsString(message), true).get(30, TimeUnit.SECONDS);
    JsonNode reply = answer.get(30, TimeUnit.SECONDS);
    if (reply.has("error")) {
      throw new IOException(method + ": " + reply.get("error"));
    }
    return reply.path("result");
  }

  private void receive(JsonNode message) {
    if (message.has("id")) {
      CompletableFuture<JsonNode> answer = pending.remove(message.get("id").asInt());
      if (answer != null) {
        answer.complete(message);
      }
      return;
    }
    JsonNode params = message.path("params");
    switch (message.path("method").asText()) {
      case "Runtime.consoleAPICalled" -> console.add("console." + params.path("type").asText() + ": "
          + params.path("args"));
      case "Runtime.exceptionThrown" -> console.add("exception: " + params.path("exceptionDetails"));
      case "Log.entryAdded" -> console.add("log " + params.path("entry").path("level").asText() + ": "
          + params.path("entry").path("text").asText() + " " + params.path("entry").path("url").asText());
      default -> { }
    }
  }

  @Override
  public void close() throws Exception {
    socket.abort();
    chromium.descendants().forEach(ProcessHandle::destroyForcibly);
    chromium.destroyForcibly();
    chromium.waitFor(10, TimeUnit.SECONDS);
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  private static final class Listener implements WebSocket.Listener {
    volatile LiveChromium owner;
    private final StringBuilder text = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        String message = text.toString();
        text.setLength(0);
        try {
          LiveChromium live = owner; // set before the first call: nothing that matters arrives earlier
          if (live != null) {
            live.receive(JSON.readTree(message));
          }
        } catch (IOException unreadable) {
          // not JSON: never from DevTools
        }
      }
      webSocket.request(1);
      return null;
    }
  }

  /** Waits until {@code expression} is true in the page, or the limit passes; whether it became true. */
  boolean waitUntil(String expression, Duration limit) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (evaluate(expression).asBoolean(false)) {
        return true;
      }
      Thread.sleep(200);
    }
    return false;
  }
}
