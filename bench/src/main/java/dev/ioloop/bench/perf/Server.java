package dev.ioloop.bench.perf;

import dev.ioloop.api.server.Engine;
import dev.ioloop.bench.reference.HelidonReferenceServer;
import dev.ioloop.bench.reference.NettyReferenceServer;
import dev.ioloop.tooling.process.JavaCommand;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The servers the bench compares, each run as its own JVM with the same flags: the lab's four engines through the
 * app jar ({@code ioloop serve}), and the two industrial references from the bench jar.
 */
enum Server {
  REACTOR(Engine.REACTOR, null),
  LOOM(Engine.LOOM, null),
  JETTY(Engine.JETTY, null),
  PLATFORM(Engine.PLATFORM, null),
  NETTY(Engine.NETTY, NettyReferenceServer.class),
  HELIDON(Engine.HELIDON, HelidonReferenceServer.class);

  /** Each server listens this far above its engine's default port, so that a bench can run beside a demo. */
  static final int PORT_OFFSET = 1100;

  /** Where the lab's servers call block2 for /api/noblock: the backend, as in the seed. */
  static final int BACKEND_PORT = 2345;
  /** The sweep's last step holds 15,000 connections (the memory scenario 10,000); the lab's default is 9,000. */
  static final int MAX_CONNECTIONS = 16_000;
  /**
   * One set of JVM flags for every server: the launcher's compact headers, G1 (the default here, said out loud),
   * and the same heap ceiling, so that heap and RSS figures compare like with like.
   */
  static final List<String> JVM_FLAGS = List.of("-XX:+UseCompactObjectHeaders", "-XX:+UseG1GC", "-Xmx2g");

  final Engine engine;
  final String label;
  final int port;
  /** A reference server's main class in the bench jar; null for the lab's, which run through the app jar. */
  private final Class<?> referenceMain;

  Server(Engine engine, Class<?> referenceMain) {
    this.engine = engine;
    this.label = engine.id();
    this.port = engine.defaultPort() + PORT_OFFSET;
    this.referenceMain = referenceMain;
  }

  /** The lab's servers call a backend; the references answer only /api/hello and /api/sleep. */
  boolean servesNoblock() {
    return !engine.isReference();
  }

  static Server named(String label) {
    Engine engine = Engine.named(label);
    return Arrays.stream(values()).filter(server -> server.engine == engine).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("the bench does not run " + label + " yet; choose from "
            + Arrays.stream(values()).map(server -> server.label).collect(Collectors.joining(", "))));
  }

  /** The command line that starts this server on its port, with {@code extraJvmFlags} (a JFR recording, say). */
  List<String> command(Jars jars, List<String> extraJvmFlags) {
    List<String> command = new ArrayList<>(jvm(extraJvmFlags));
    if (!engine.isReference()) {
      command.addAll(List.of("-jar", jars.app().toString(), "serve", label, "--port", String.valueOf(port),
          "--downstream", "http://127.0.0.1:" + BACKEND_PORT, "--max-connections", String.valueOf(MAX_CONNECTIONS)));
    } else {
      command.addAll(List.of("-cp", jars.bench().toString(), referenceMain.getName(), String.valueOf(port)));
    }
    return command;
  }

  /** The backend of /api/noblock: block2 on the loom engine, as {@code ./ioloop backend}. */
  static List<String> backendCommand(Jars jars) {
    List<String> command = new ArrayList<>(jvm(List.of()));
    command.addAll(List.of("-jar", jars.app().toString(), "backend", "--port", String.valueOf(BACKEND_PORT)));
    return command;
  }

  private static List<String> jvm(List<String> extraJvmFlags) {
    List<String> command = new ArrayList<>();
    command.add(JavaCommand.javaBinary().toString());
    command.addAll(JVM_FLAGS);
    command.addAll(extraJvmFlags);
    return command;
  }

  /** The two jars the servers run from. */
  record Jars(Path app, Path bench) {}
}
