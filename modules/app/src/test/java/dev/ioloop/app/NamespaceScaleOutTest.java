package dev.ioloop.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ioloop.app.load.GatlingInstallation;
import dev.ioloop.app.report.SimulationLog;
import dev.ioloop.tooling.process.ChildProcesses;
import dev.ioloop.tooling.process.JavaCommand;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Beyond one machine, on one machine: Linux network namespaces as hosts. A server host (its own namespace, a bridge
 * at 198.18.0.1/24, the benchmarking range of RFC 2544 that nothing routes) runs the backend and the loom server,
 * both bound to 198.18.0.1; two injector hosts (198.18.0.11 and .12, a veth pair each onto the bridge) each run
 * {@code load noblock --injector K/2 --allow-remote} against it; the test then merges their logs with
 * {@code compare}. Traffic never leaves the namespaces: the root namespace has no interface on 198.18.0.0/24 and the
 * test JVM never sends to it (it waits for the servers' "listening" lines, not by probing them). The lab's
 * processes start from this test's class path under {@code ip netns exec} (in mvn verify's test phase the app jar
 * may not exist yet). The namespaces are removed after the test, also when it fails; where they cannot be made (not
 * root, no ip), the test is skipped with the reason.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class NamespaceScaleOutTest {
  private static final String SERVER_ADDRESS = "198.18.0.1";
  private static final Duration STEP_LIMIT = Duration.ofSeconds(30);

  @TempDir static Path work;
  private final String prefix = "iol" + ProcessHandle.current().pid() % 100_000;
  private final String server = prefix + "srv";
  private final List<String> injectors = List.of(prefix + "in1", prefix + "in2");
  private final List<String> created = new ArrayList<>();
  private final ChildProcesses processes = new ChildProcesses(Duration.ofSeconds(3));
  private Path runDirectory;
  private final List<Integer> injectorExits = new ArrayList<>();

  @BeforeAll
  void buildTheNetworkAndRunTwoInjectors() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip")),
        "no ip command (iproute2): network namespaces cannot be made here");
    String why = tryCommand("ip", "netns", "add", server);
    Assumptions.assumeTrue(why == null, () -> "cannot create a network namespace (root needed): " + why);
    created.add(server);
    try {
      network();
      runDirectory = work.resolve("ns-run");
      Path backendOut = work.resolve("backend.out");
      Path serverOut = work.resolve("server.out");
      start(server, backendOut, "backend", "--bind", SERVER_ADDRESS, "--port", "2345");
      awaitLine(backendOut, "listening on http://" + SERVER_ADDRESS + ":2345");
      start(server, serverOut, "serve", "loom", "--bind", SERVER_ADDRESS, "--port", "8082",
          "--downstream", "http://" + SERVER_ADDRESS + ":2345");
      awaitLine(serverOut, "listening on http://" + SERVER_ADDRESS + ":8082");
      List<Process> loads = new ArrayList<>();
      for (int k = 1; k <= 2; k++) {
        loads.add(start(injectors.get(k - 1), work.resolve("injector-" + k + ".out"), "load", "noblock",
            "--target", "http://" + SERVER_ADDRESS + ":8082", "--allow-remote", "--injector", k + "/2",
            "--run", "ns-run", "--results", runDirectory.toString(), "--users", "5", "--duration", "3s",
            "--ramp", "0", "--sleep-ms", "20", "--label", "loom",
            "--log", work.resolve("gatling-" + k + ".log").toString()));
      }
      for (Process load : loads) {
        boolean done = load.waitFor(150, TimeUnit.SECONDS);
        injectorExits.add(done ? load.exitValue() : -1);
      }
    } catch (Exception | AssertionError e) {
      tearDown();
      throw e;
    }
  }

  @AfterAll
  void tearDown() {
    processes.close(); // every lab process and its tree (the Gatling JVMs), by id
    for (String namespace : List.copyOf(created)) {
      killLeftovers(namespace);
      if (tryCommand("ip", "netns", "del", namespace) == null) {
        created.remove(namespace);
      }
    }
  }

  @Test
  void theMergedReportCountsWhatBothInjectorsSentAndNamesThem() throws Exception {
    assertEquals(List.of(0, 0), injectorExits, () -> output("injector-1.out") + output("injector-2.out")
        + output("server.out"));
    List<Path> classpath = GatlingInstallation.in(ProjectRoot.find()).classpath();
    long sum = 0;
    List<Path> logs;
    try (Stream<Path> files = Files.walk(runDirectory, 4)) {
      logs = files.filter(file -> file.getFileName().toString().equals(SimulationLog.FILE_NAME)).sorted().toList();
    }
    assertEquals(2, logs.size(), logs::toString);
    for (Path log : logs) {
      long count = SimulationLog.read(log, classpath).requests().size();
      assertTrue(count > 0, log::toString);
      sum += count;
    }
    CommandRun merge = CommandRun.of("report", runDirectory.toString());
    assertEquals(0, merge.exitCode(), merge::toString);
    Document page = Jsoup.parse(runDirectory.resolve("comparison.html").toFile());
    List<String> merged = page.select("#injectors tr.merged td").eachText();
    assertEquals(String.valueOf(sum), merged.get(3), merged::toString);
    assertTrue(page.select("#summary td").eachText().contains(String.valueOf(sum)), page::outerHtml);
    page.select("#injectors tr").forEach(row -> System.out.println("namespace run: " + row.select("td").eachText()));
    List<String> named = page.select("#injectors tr.injector td:eq(2)").eachText();
    assertEquals(2, named.size(), named::toString);
    assertTrue(named.get(0).startsWith("injector 1/2") && named.get(1).startsWith("injector 2/2"), named::toString);
  }

  /** The bridge in the server's namespace, a veth pair from each injector's namespace onto it. */
  private void network() {
    run("ip", "-n", server, "link", "set", "lo", "up");
    run("ip", "-n", server, "link", "add", "br0", "type", "bridge");
    run("ip", "-n", server, "addr", "add", SERVER_ADDRESS + "/24", "dev", "br0");
    run("ip", "-n", server, "link", "set", "br0", "up");
    for (int k = 1; k <= injectors.size(); k++) {
      String injector = injectors.get(k - 1);
      run("ip", "netns", "add", injector);
      created.add(injector);
      run("ip", "-n", injector, "link", "set", "lo", "up");
      run("ip", "-n", server, "link", "add", "v" + k, "type", "veth", "peer", "name", "eth0", "netns", injector);
      run("ip", "-n", server, "link", "set", "v" + k, "master", "br0", "up");
      run("ip", "-n", injector, "addr", "add", "198.18.0." + (10 + k) + "/24", "dev", "eth0");
      run("ip", "-n", injector, "link", "set", "eth0", "up");
    }
  }

  /** A lab command in a namespace, from this test's class path. */
  private Process start(String namespace, Path output, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
    command.addAll(JavaCommand.sameClasspath(List.of("-D" + ProjectRoot.PROPERTY + "=" + ProjectRoot.find(),
        SimulationLog.JVM_ARG), Main.class.getName(), List.of(args)));
    return processes.start(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))));
  }

  private static void awaitLine(Path output, String line) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + STEP_LIMIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(output) && Files.readString(output).contains(line)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no '" + line + "' within " + STEP_LIMIT.toSeconds() + " s:\n" + Files.readString(output));
  }

  /** Any process still in the namespace (a grandchild that outlived its parent) is ended by its id. */
  private static void killLeftovers(String namespace) {
    try {
      Process pids = new ProcessBuilder("ip", "netns", "pids", namespace).redirectErrorStream(true).start();
      String text = new String(pids.getInputStream().readAllBytes());
      pids.waitFor(10, TimeUnit.SECONDS);
      text.lines().map(String::strip).filter(line -> line.matches("\\d+")).map(Long::parseLong)
          .forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    } catch (IOException e) {
      // the namespace is deleted below either way
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void run(String... command) {
    String problem = tryCommand(command);
    if (problem != null) {
      throw new AssertionError(problem);
    }
  }

  /** Null when the command succeeded, else what it said. */
  private static String tryCommand(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return String.join(" ", command) + ": timed out";
      }
      return process.exitValue() == 0 ? null : String.join(" ", command) + ": " + output.strip();
    } catch (IOException e) {
      return String.join(" ", command) + ": " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  private static String output(String file) {
    try {
      return "\n--- " + file + ":\n" + Files.readString(work.resolve(file));
    } catch (IOException e) {
      return "\n--- " + file + ": " + e.getMessage();
    }
  }
}
