package dev.ioloop.http.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ioloop.api.endpoint.Answers;
import dev.ioloop.api.server.LabServer;
import dev.ioloop.api.server.ServerConfig;
import dev.ioloop.api.server.ServerStats;
import dev.ioloop.http.conformance.Block2Backend.Behavior;
import dev.ioloop.http.conformance.MalformedRequests.Entry;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue #7's promises, checked over real loopback sockets against any {@link LabServer}: hostile clients (slowloris,
 * thousands of idle keep-alive connections, a client that never reads, clients that reset), a corpus of malformed
 * and smuggling-style requests, downstream faults without leaks, overload past {@code maxConnections}, and a
 * graceful stop under load. Leaks are judged from inside the JVM ({@link ResourceUse}): open files, live threads,
 * the server's virtual threads and connections, back to where they were once things settle.
 *
 * <p>An engine runs it by extending this class with {@link #start}. Every test starts a server of its own with the
 * short timeouts or small limits it needs; sizes are scaled so that each test takes seconds on two busy cores.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
public abstract class ReliabilityTest {
  private static final System.Logger LOG = System.getLogger(ReliabilityTest.class.getName());
  private static final Duration PATIENCE = Duration.ofSeconds(10);
  /** How long leaked-looking resources may take to go: sockets close lingering (2 s), threads end. */
  private static final Duration SETTLE = Duration.ofSeconds(15);
  /** File descriptors and threads that may come and go on their own (a JIT or GC thread, a pool's spare). */
  private static final int SLACK = 8;
  /** The header timeout the slow heads run into. */
  private static final Duration SHORT = Duration.ofMillis(500);
  /**
   * The downstream timeout of the fault tests, and the margin a 504 may take past it on this machine. A 502 must come
   * within three quarters of the timeout: a fault the server can see at once must not wait for the deadline.
   */
  private static final Duration DOWNSTREAM_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration GATEWAY_MARGIN = Duration.ofSeconds(2);

  private Block2Backend backend;
  /** The server the malformed requests go to: one for the whole corpus. */
  private LabServer parsing;
  private final ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();

  /** Starts the server under test with {@code config}; each test closes it. */
  protected abstract LabServer start(ServerConfig config) throws Exception;

  /**
   * Corpus entries (by name) that this engine answers with a status of its own instead of the codec's, and that
   * status, exactly: each a documented deviation (docs/reliability.md, docs/loom-http.md). A status below 400 is a
   * request the engine accepts where the codec refuses it (a leniency RFC 9112 allows): it must be answered, and the
   * server must live on; any other status must come with {@code Connection: close} and a close, as the codec's do.
   */
  protected Map<String, Integer> ownStatuses() {
    return Map.of();
  }

  /**
   * The downstream closes connections idle for 50 ms, so that a server's pool of keep-alive downstream connections
   * empties by itself and what stays open afterwards is a leak, not a pooled connection.
   */
  @BeforeAll
  void startBackendAndParsingServer() throws Exception {
    backend = Block2Backend.start(Behavior.CLOSE_WHEN_IDLE);
    parsing = start(config());
  }

  @AfterAll
  void stopEverything() throws IOException {
    clients.shutdownNow();
    try {
      parsing.close();
    } finally {
      backend.close();
    }
  }

  private ServerConfig config() {
    return ServerConfig.defaults().withDownstream(backend.url());
  }

  private static RawHttp raw(LabServer server) throws IOException {
    return RawHttp.connect(server.address(), PATIENCE);
  }

  private static String get(String target) {
    return "GET " + target + " HTTP/1.1\r\nHost: lab\r\n\r\n";
  }

  private static String echo(int size) {
    return "POST /api/echo HTTP/1.1\r\nHost: lab\r\nContent-Length: " + size + "\r\n\r\n" + "e".repeat(size);
  }

  /** One request on a fresh connection: the status, or -1 if the connection failed. */
  private static int statusOfOne(LabServer server, String target) {
    try (RawHttp connection = raw(server)) {
      return RawHttp.status(connection.send(get(target)).response());
    } catch (IOException e) {
      return -1;
    }
  }

  private static void assertServes(LabServer server) {
    assertEquals(200, statusOfOne(server, "/api/hello"), "a well-formed request is served");
  }

  private static void assertNothingLeaked(LabServer server, ResourceUse baseline) throws InterruptedException {
    ResourceUse after = ResourceUse.settle(server, baseline, SLACK, SETTLE);
    assertTrue(after.within(baseline, SLACK), "left behind: before " + baseline + ", after " + after
        + "; open files now " + ResourceUse.openFilesByKind());
  }

  private <T> List<T> all(List<Future<T>> futures) throws InterruptedException, ExecutionException {
    List<T> results = new ArrayList<>();
    for (Future<T> future : futures) {
      results.add(future.get());
    }
    return results;
  }

  private <T> List<Future<T>> inParallel(int count, Callable<T> task) {
    return Stream.generate(() -> clients.submit(task)).limit(count).toList();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Hostile clients
  // ---------------------------------------------------------------------------------------------------------------

  @Test
  void slowlorisGets408AndIsClosedWhileOthersAreServed() throws Exception {
    try (LabServer server = start(config().withTimeouts(PATIENCE, SHORT, PATIENCE))) {
      ResourceUse baseline = ResourceUse.of(server);
      List<RawHttp> lorises = new ArrayList<>();
      try {
        for (int i = 0; i < 20; i++) {
          lorises.add(raw(server));
        }
        // One byte per connection every 50 ms, a header line that never ends: each byte arrives well within any
        // idle limit, but the head as a whole is late.
        byte[] head = ("GET /api/hello HTTP/1.1\r\nHost: lab\r\nX-Slow: " + "s".repeat(1000)).getBytes();
        List<RawHttp> waiting = new ArrayList<>(lorises);
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        for (int i = 0; !waiting.isEmpty() && i < head.length && System.nanoTime() < deadline; i++) {
          for (RawHttp loris : List.copyOf(waiting)) {
            try {
              if (loris.answerArrived()) {
                waiting.remove(loris);
              } else {
                loris.send(new byte[] {head[i]});
              }
            } catch (IOException closedUnderUs) {
              waiting.remove(loris); // its answer is read below
            }
          }
          if (i == 5) {
            assertServes(server);
          }
          Thread.sleep(50);
        }
        assertTrue(waiting.isEmpty(), waiting.size() + " slow heads still unanswered after " + PATIENCE);
        for (RawHttp loris : lorises) {
          String response = loris.response();
          assertEquals(408, RawHttp.status(response), response);
          assertTrue(response.contains("\r\nConnection: close\r\n"), response);
          assertTrue(loris.closedByServer(), "a slow head's connection is closed");
        }
      } finally {
        for (RawHttp loris : lorises) {
          loris.close();
        }
      }
      assertNothingLeaked(server, baseline);
    }
  }

  /**
   * The header deadline runs from a head's first byte, never from the end of the request before: a keep-alive
   * connection idle after a request with a body is no late head, and serves the next request within the idle timeout.
   */
  @Test
  void aConnectionIdleAfterARequestWithABodyIsNoLateHead() throws Exception {
    Duration headerTimeout = Duration.ofMillis(500);
    try (LabServer server = start(config().withTimeouts(PATIENCE, headerTimeout, PATIENCE));
         RawHttp connection = raw(server)) {
      connection.send(echo(100));
      assertEquals(200, RawHttp.status(connection.response()));
      Thread.sleep(headerTimeout.multipliedBy(3).toMillis());
      connection.send(get("/api/hello"));
      String response = connection.response();
      assertEquals(Answers.HELLO, RawHttp.body(response), "after " + headerTimeout.multipliedBy(3).toMillis()
          + " ms idle: " + response);
    }
  }

  @Test
  void idleKeepAliveConnectionsAreHeldThenReaped() throws Exception {
    // 2,000 keeps the test to seconds; docs/reliability.md has a run with -Dioloop.idleConnections=5000.
    int count = Integer.getInteger("ioloop.idleConnections", 2_000);
    // Long enough that the first connections are not reaped before the last ones are open and answered.
    Duration idle = Duration.ofMillis(Math.max(6_000, 3L * count));
    try (LabServer server = start(config().withTimeouts(PATIENCE, PATIENCE, idle))) {
      ResourceUse baseline = ResourceUse.of(server);
      List<RawHttp> connections = new ArrayList<>();
      try {
        for (int i = 0; i < count; i++) {
          RawHttp connection = raw(server);
          connections.add(connection);
          connection.send(get("/api/hello"));
        }
        long firstAnswered = 0;
        for (RawHttp connection : connections) {
          assertEquals(Answers.HELLO, RawHttp.body(connection.response()));
          if (firstAnswered == 0) {
            firstAnswered = System.nanoTime();
          }
        }
        long held = server.stats().openConnections();
        Duration answering = Duration.ofNanos(System.nanoTime() - firstAnswered);
        // Every connection answered and kept alive: the server holds them all at once, none reaped before its time.
        assertTrue(answering.compareTo(idle) < 0, "answering took " + answering + ", longer than the idle timeout "
            + idle + ": the test cannot tell a reaped connection from a dropped one");
        assertEquals(count, held, "connections held at once, all answered and none idle for " + idle + " yet");
        LOG.log(Level.INFO, "{0}: held {1} of {2} idle keep-alive connections at once", getClass().getSimpleName(),
            held, count);
        for (RawHttp connection : connections) {
          assertTrue(connection.closedByServer(), "an idle connection is closed after " + idle);
        }
      } finally {
        for (RawHttp connection : connections) {
          connection.close();
        }
      }
      assertNothingLeaked(server, baseline);
    }
  }

  /**
   * A client that sends and never reads: the server stops reading from it (backpressure), serves others meanwhile, and
   * once its answer makes no progress for the idle timeout closes the connection on its own, so that a client with a
   * full receive window cannot hold a connection, a thread or a slot of {@code maxConnections} for good.
   */
  @Test
  void aClientThatNeverReadsStallsOnlyItselfAndIsClosedByTheServer() throws Exception {
    int requests = 400;
    int bodyBytes = 256 * 1024;
    Duration idle = Duration.ofSeconds(3);
    try (LabServer server = start(config().withTimeouts(PATIENCE, PATIENCE, idle))) {
      ResourceUse baseline = ResourceUse.of(server);
      AtomicLong sent = new AtomicLong();
      byte[] request = echo(bodyBytes).getBytes();
      try (RawHttp hog = raw(server)) {
        Future<?> writer = clients.submit(() -> {
          for (int i = 0; i < requests; i++) {
            hog.send(request); // blocks once the server stops reading: backpressure
            sent.addAndGet(request.length);
          }
          return null;
        });
        long previous = -1;
        long lastProgress = System.nanoTime();
        while (!writer.isDone() && System.nanoTime() - lastProgress < Duration.ofMillis(750).toNanos()) {
          if (sent.get() != previous) { // until the server stops taking more
            previous = sent.get();
            lastProgress = System.nanoTime();
          }
          Thread.sleep(50);
        }
        // The server holds what it read and did not answer yet; the rest waits in the kernel's socket buffers.
        assertTrue(sent.get() < (long) requests * request.length / 4, "the server took " + sent.get() + " bytes");
        assertServes(server);
        LOG.log(Level.INFO, "{0}: a client that never reads got {1} KiB of {2} KiB of echoes in before the server"
            + " stopped reading", getClass().getSimpleName(), sent.get() >> 10, (long) requests * request.length >> 10);
        // Nothing more moves: the server's answer write makes no progress, and after the idle timeout it gives up.
        Duration allowed = idle.plus(PATIENCE);
        long deadline = lastProgress + allowed.toNanos();
        while (server.stats().openConnections() > baseline.openConnections() && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        Duration open = Duration.ofNanos(System.nanoTime() - lastProgress);
        assertEquals(baseline.openConnections(), server.stats().openConnections(), "a client that never reads is "
            + "still connected " + open.toMillis() + " ms after its last progress; the idle timeout is " + idle);
        LOG.log(Level.INFO, "{0}: the server closed a client that never reads {1} ms after its last progress",
            getClass().getSimpleName(), open.toMillis());
        assertThrows(ExecutionException.class, () -> writer.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS),
            "the client's writes end with the connection the server closed");
      }
      assertServes(server);
      assertNothingLeaked(server, baseline);
    }
  }

  @Test
  void clientsThatResetLeaveNoTrace() throws Exception {
    try (LabServer server = start(config())) {
      assertServes(server);
      ResourceUse baseline = ResourceUse.of(server);
      List<Future<Void>> resets = new ArrayList<>();
      resets.addAll(inParallel(50, () -> { // mid-request: half a head, half a body
        try (RawHttp connection = raw(server)) {
          connection.send("POST /api/echo HTTP/1.1\r\nHost: lab\r\nContent-Length: 100000\r\n\r\n" + "x".repeat(500));
          connection.reset();
        }
        return null;
      }));
      resets.addAll(inParallel(50, () -> { // mid-response: a 1 MiB echo, of which it reads a little
        try (RawHttp connection = raw(server)) {
          connection.send(echo(1 << 20));
          connection.skip(1000);
          connection.reset();
        }
        return null;
      }));
      resets.addAll(inParallel(50, () -> { // while the answer is being made: a sleep and a downstream call
        try (RawHttp connection = raw(server)) {
          connection.send(get("/api/sleep?ms=200") + get("/api/noblock?sleep_ms=200"));
          connection.reset();
        }
        return null;
      }));
      all(resets);
      assertNothingLeaked(server, baseline); // the requests of reset connections included
      assertServes(server);
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Malformed input
  // ---------------------------------------------------------------------------------------------------------------

  static List<Entry> malformedRequests() {
    return MalformedRequests.all();
  }

  @Test
  void theCorpusHoldsAtLeastAHundredRequests() {
    assertTrue(malformedRequests().size() >= 100, "only " + malformedRequests().size());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedRequests")
  void malformedRequestIsRefusedAndClosed(Entry request) throws Exception {
    int expected = ownStatuses().getOrDefault(request.name(), request.status());
    try (RawHttp connection = raw(parsing)) {
      try {
        connection.send(request.bytes());
      } catch (IOException refusedWhileSending) {
        // a large request the server refused early: its answer is waiting all the same
      }
      String response = connection.response();
      int status = RawHttp.status(response);
      assertEquals(expected, status, response);
      if (expected >= 400) {
        assertTrue(response.contains("\r\nConnection: close\r\n"), response);
        assertTrue(connection.closedByServer(), "still open, or more was answered, after " + status);
      }
    }
    assertServes(parsing);
  }

  @Test
  void everyOwnStatusNamesAnEntryOfTheCorpus() {
    Set<String> names = malformedRequests().stream().map(Entry::name).collect(Collectors.toSet());
    for (Map.Entry<String, Integer> own : ownStatuses().entrySet()) {
      assertTrue(names.contains(own.getKey()), "no corpus entry " + own.getKey());
      Entry entry = malformedRequests().stream().filter(e -> e.name().equals(own.getKey())).findFirst().orElseThrow();
      assertTrue(entry.status() != own.getValue(), own.getKey() + ": the codec's own status, " + entry.status());
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Downstream faults
  // ---------------------------------------------------------------------------------------------------------------

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("dev.ioloop.http.conformance.EndpointConformanceTest#downstreamFaults") // the same faults, answers
  void downstreamFaultIsAnsweredInTimeAndLeavesNothingBehind(Behavior fault, int status) throws Exception {
    try (Block2Backend faulty = fault == null ? null : Block2Backend.start(fault);
         LabServer gateway = start(config()
             .withDownstream(faulty == null ? Block2Backend.refusingUrl() : faulty.url())
             .withTimeouts(DOWNSTREAM_TIMEOUT, PATIENCE, PATIENCE))) {
      statusOfOne(gateway, "/api/noblock"); // lazily started pools and threads are not leaks
      ResourceUse baseline = ResourceUse.of(gateway);
      // One at a time, timed: /api/block holds a reactor loop for its whole call, so a burst of it would queue.
      List<String> timings = new ArrayList<>();
      // Bounded from both sides: a 504 at the deadline, not before it and not long after; a 502 well before it.
      Duration earliest = status == 504 ? DOWNSTREAM_TIMEOUT : Duration.ZERO;
      Duration latest = status == 504 ? DOWNSTREAM_TIMEOUT.plus(GATEWAY_MARGIN)
          : DOWNSTREAM_TIMEOUT.multipliedBy(3).dividedBy(4);
      for (String target : List.of("/api/block", "/api/noblock", "/api/fanout?n=10", "/api/fanout?n=100")) {
        long begin = System.nanoTime();
        String response;
        try (RawHttp connection = raw(gateway)) {
          response = connection.send(get(target)).response();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - begin);
        String shown = response.length() > 300 ? response.substring(0, 300) + "... (" + response.length() + " chars)"
            : response;
        assertEquals(status, RawHttp.status(response), target + ": " + shown);
        assertTrue(RawHttp.body(response).lines().count() == 1, "a one-line reason: " + shown);
        assertTrue(took.compareTo(earliest) >= 0 && took.compareTo(latest) < 0,
            target + " answered after " + took + ", not within " + earliest + " to " + latest);
        timings.add(target + " " + took.toMillis() + " ms");
      }
      LOG.log(Level.INFO, "{0}: downstream {1}: {2} in {3}", getClass().getSimpleName(),
          fault == null ? "REFUSED" : fault, status, timings);
      // Then a burst of the asynchronous calls: a leak of anything per call would show as dozens.
      List<Future<Integer>> burst = new ArrayList<>(inParallel(20, () -> statusOfOne(gateway, "/api/noblock")));
      burst.addAll(inParallel(10, () -> statusOfOne(gateway, "/api/fanout?n=5")));
      for (int answered : all(burst)) {
        assertEquals(status, answered);
      }
      assertNothingLeaked(gateway, baseline);
      assertServes(gateway);
    }
  }

  /**
   * Concurrent calls share at most {@code maxDownstreamConnections} connections to the downstream; the calls beyond
   * wait for one, and are answered all the same.
   */
  @Test
  void downstreamConnectionsAreCappedAndCallsBeyondWaitForOne() throws Exception {
    int cap = 8;
    try (Block2Backend answering = Block2Backend.start(Behavior.ANSWER);
         LabServer gateway = start(config().withDownstream(answering.url()).withMaxDownstreamConnections(cap))) {
      // 30 calls at once, 300 ms each: at most 8 at a time, so the last wait about a second for a connection.
      List<Future<Integer>> fanouts = inParallel(3, () -> statusOfOne(gateway, "/api/fanout?n=10&sleep_ms=300"));
      assertEquals(List.of(200, 200, 200), all(fanouts));
      LOG.log(Level.INFO, "{0}: 30 concurrent downstream calls, at most {1} connections: {2} were open at once",
          getClass().getSimpleName(), cap, answering.maxOpenConnections());
      assertTrue(answering.maxOpenConnections() <= cap, answering.maxOpenConnections() + " downstream connections "
          + "open at once, over the cap of " + cap);
    }
  }

  /**
   * A call waits for a free downstream connection only within its deadline (504 past it), and only while the line of
   * waiting calls is shorter than {@link ServerConfig#maxDownstreamWaiting()}: beyond it, 503 at once.
   */
  @Test
  void callsWaitForADownstreamConnectionWithinTheirDeadlineInALineOfBoundedLength() throws Exception {
    try (Block2Backend answering = Block2Backend.start(Behavior.ANSWER);
         LabServer gateway = start(config().withDownstream(answering.url()).withMaxDownstreamConnections(2))) {
      long begin = System.nanoTime();
      String response;
      try (RawHttp connection = raw(gateway)) {
        response = connection.send(get("/api/fanout?n=100&sleep_ms=300")).response();
      }
      Duration took = Duration.ofNanos(System.nanoTime() - begin);
      assertEquals(503, RawHttp.status(response), response);
      assertTrue(RawHttp.body(response).lines().count() == 1, response);
      assertTrue(took.compareTo(PATIENCE.dividedBy(2)) < 0, "503 after " + took);
      LOG.log(Level.INFO, "{0}: 100 calls for 2 downstream connections: {1} in {2} ms", getClass().getSimpleName(),
          RawHttp.body(response).strip(), took.toMillis());
    }
    Duration deadline = Duration.ofSeconds(1);
    try (Block2Backend answering = Block2Backend.start(Behavior.ANSWER);
         LabServer gateway = start(config().withDownstream(answering.url()).withMaxDownstreamConnections(1)
             .withTimeouts(deadline, PATIENCE, PATIENCE))) {
      // The second call gets the connection after 600 ms, and needs 600 more: past its 1 s deadline.
      long begin = System.nanoTime();
      int status = statusOfOne(gateway, "/api/fanout?n=2&sleep_ms=600");
      Duration took = Duration.ofNanos(System.nanoTime() - begin);
      assertEquals(504, status);
      assertTrue(took.compareTo(deadline) >= 0 && took.compareTo(deadline.plus(GATEWAY_MARGIN)) < 0,
          "504 after " + took);
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Overload
  // ---------------------------------------------------------------------------------------------------------------

  /**
   * With {@code limit} connections held, every further client gets a 503 (never a reset or silence), none is served,
   * and what a refusal holds is bounded: a flood of clients that take their 503 and then neither send nor close leaves
   * the server with no more sockets or threads than before it (the reactor closes a refused connection at once).
   */
  @Test
  void connectionsPastTheLimitAreRefusedCleanlyAndTheServerRecovers() throws Exception {
    int limit = 20;
    int clientCount = 200;
    try (LabServer server = start(config().withMaxConnections(limit))) {
      ResourceUse baseline = ResourceUse.of(server);
      List<RawHttp> held = new ArrayList<>();
      List<RawHttp> silent = new ArrayList<>();
      try {
        for (int i = 0; i < limit; i++) { // served, then kept alive: each holds its place
          RawHttp connection = raw(server);
          held.add(connection);
          assertEquals(200, RawHttp.status(connection.send(get("/api/hello")).response()));
        }
        assertEquals(limit, server.stats().openConnections());
        List<Integer> statuses = all(inParallel(clientCount, () -> statusOfOne(server, "/api/hello")));
        long refused = statuses.stream().filter(s -> s == 503).count();
        assertEquals(clientCount, refused, "every client past the limit gets 503 (-1: a reset or no answer): "
            + statuses);
        LOG.log(Level.INFO, "{0}: {1} clients at a limit of {2} held connections: {3} refused with 503",
            getClass().getSimpleName(), clientCount, limit, refused);
        // Refused clients that keep their connections open and send nothing: the server must not keep them.
        int socketsBefore = ResourceUse.serverSockets(server);
        long threadsBefore = server.stats().threads().virtualAlive();
        for (Future<RawHttp> connection : inParallel(clientCount, () -> raw(server))) {
          silent.add(connection.get());
        }
        for (RawHttp connection : silent) {
          assertEquals(503, RawHttp.status(connection.response()));
        }
        int socketsAfter = ResourceUse.serverSockets(server);
        long threadsAfter = server.stats().threads().virtualAlive();
        LOG.log(Level.INFO, "{0}: {1} silent refused clients: the server''s sockets {2} -> {3}, virtual threads {4} -> {5}",
            getClass().getSimpleName(), clientCount, socketsBefore, socketsAfter, threadsBefore, threadsAfter);
        assertTrue(socketsAfter <= socketsBefore + SLACK, "refusals hold sockets: " + socketsBefore + " before "
            + clientCount + " silent refused clients, " + socketsAfter + " after");
        assertTrue(threadsAfter <= threadsBefore + SLACK, "refusals hold threads: " + threadsBefore + " before "
            + clientCount + " silent refused clients, " + threadsAfter + " after");
        assertEquals(limit, server.stats().openConnections(), "refusals are not counted");
      } finally {
        for (RawHttp connection : silent) {
          connection.close();
        }
        for (RawHttp connection : held) {
          connection.close();
        }
      }
      assertNothingLeaked(server, baseline);
      assertServes(server);
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Graceful stop
  // ---------------------------------------------------------------------------------------------------------------

  @Test
  protected void shutdownUnderLoadFinishesEveryRequestInFlight() throws Exception {
    LabServer server = start(config());
    int sleepers = 40;
    int echoes = 5;
    List<RawHttp> connections = new ArrayList<>();
    try {
      for (int i = 0; i < sleepers + echoes; i++) {
        connections.add(raw(server));
      }
      // In flight when the stop begins: 40 sleeps the server has read, and 5 answers of 1 MiB that have begun to
      // arrive and are read only afterwards. (A request still unread in a socket buffer is not in flight: closing
      // its idle connection is the race every keep-alive client retries.)
      for (int i = 0; i < sleepers; i++) {
        connections.get(i).send(get("/api/sleep?ms=1000"));
      }
      byte[] body = new byte[1 << 20];
      Arrays.fill(body, (byte) 'e');
      for (int i = sleepers; i < sleepers + echoes; i++) {
        connections.get(i).send(echo(body.length));
      }
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      while (!inFlight(server, sleepers + echoes, connections.subList(sleepers, sleepers + echoes))
          && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      ServerStats atStop = server.stats();
      Future<?> stopping = clients.submit(() -> server.shutdown(PATIENCE));
      for (int i = 0; i < sleepers; i++) {
        String response = responseOrFailure(connections.get(i));
        assertEquals("slept 1000", RawHttp.body(response), "sleep " + i + " cut; at the stop: " + atStop);
      }
      for (int i = sleepers; i < sleepers + echoes; i++) {
        String response = responseOrFailure(connections.get(i));
        assertEquals(body.length, RawHttp.body(response).length(), "an echo cut short; at the stop: " + atStop);
      }
      stopping.get(PATIENCE.multipliedBy(2).toMillis(), TimeUnit.MILLISECONDS);
      for (RawHttp connection : connections) {
        assertTrue(connection.closedByServer(), "a connection left open, or answered more, after the shutdown");
      }
      assertThrows(IOException.class, () -> new Socket(server.address().getAddress(), server.address().getPort())
          .close(), "still accepting after the shutdown");
    } finally {
      for (RawHttp connection : connections) {
        connection.close();
      }
      server.close();
    }
  }

  /**
   * A request whose head has arrived is in flight, also while its body is still coming: a stop lets it arrive, be
   * answered (with a close) and the connection close, within the grace, as Jetty's GracefulHandler does.
   */
  @Test
  void shutdownLetsAnUploadWhoseHeadHasArrivedFinish() throws Exception {
    LabServer server = start(config());
    try (RawHttp upload = raw(server)) {
      int size = 1 << 20;
      upload.send("POST /api/echo HTTP/1.1\r\nHost: lab\r\nContent-Length: " + size + "\r\n\r\n" + "e".repeat(size / 2));
      Thread.sleep(300); // the server has the head and some of the body
      Future<?> stopping = clients.submit(() -> server.shutdown(PATIENCE));
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      while (accepting(server) && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertFalse(accepting(server), "still accepting after the stop began");
      upload.send("e".repeat(size - size / 2)); // soon: a stopping Jetty gives a silent connection 1 s

      String response = responseOrFailure(upload);
      assertTrue(response.startsWith("HTTP/1.1 200 "), "the upload was cut by the stop: " + response.lines()
          .findFirst().orElse(""));
      assertEquals(size, RawHttp.body(response).length());
      assertTrue(response.contains("\r\nConnection: close\r\n"), "a stopping server closes after the answer");
      assertTrue(upload.closedByServer());
      stopping.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    } finally {
      server.close();
    }
  }

  private static boolean accepting(LabServer server) {
    try (Socket probe = new Socket(server.address().getAddress(), server.address().getPort())) {
      return true;
    } catch (IOException refused) {
      return false;
    }
  }

  private static String responseOrFailure(RawHttp connection) {
    try {
      return connection.response();
    } catch (IOException e) {
      return "(none: " + e.getMessage() + ")";
    }
  }

  /** Whether a fresh server has started {@code requests} and every one of {@code answering} has begun its answer. */
  private static boolean inFlight(LabServer server, int requests, List<RawHttp> answering) throws IOException {
    for (RawHttp connection : answering) {
      if (!connection.answerArrived()) {
        return false;
      }
    }
    ServerStats stats = server.stats();
    return stats.requests() + stats.inFlight() >= requests; // started: finished or still being handled
  }
}
