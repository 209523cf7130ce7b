package dev.ioloop.bench.perf;

import dev.ioloop.api.server.Engine;
import dev.ioloop.bench.reference.HelidonReferenceServer;
import dev.ioloop.bench.reference.NettyReferenceServer;
import dev.ioloop.bench.reference.NettyReferenceServer.Transport;
import dev.ioloop.tooling.cpu.CpuPartition;
import dev.ioloop.tooling.process.JavaCommand;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The servers the bench compares, each run as its own JVM with the same flags: the lab's four engines through the
 * app jar ({@code ioloop serve}), and the industrial references from the bench jar (Netty on NIO and on epoll,
 * Helidon).
 */
enum Server {
  REACTOR(Engine.REACTOR, null, null),
  LOOM(Engine.LOOM, null, null),
  JETTY(Engine.JETTY, null, null),
  PLATFORM(Engine.PLATFORM, null, null),
  NETTY(Engine.NETTY, NettyReferenceServer.class, Transport.NIO),
  NETTY_EPOLL(Engine.NETTY_EPOLL, NettyReferenceServer.class, Transport.EPOLL),
  HELIDON(Engine.HELIDON, HelidonReferenceServer.class, null);

  /** Each server listens this far above its engine's default port, so that a bench can run beside a demo. */
  static final int PORT_OFFSET = 1100;

  /** Where the lab's servers call block2 for /api/noblock: the backend, as in the seed. */
  static final int BACKEND_PORT = 2345;
  /** The sweep's last step holds 15,000 connections (the memory scenario 10,000); the lab's default is 9,000. */
  static final int MAX_CONNECTIONS = 16_000;
  /**
   * One set of JVM flags for every server: the launcher's compact headers, G1 (the default here, said out loud),
   * and the same heap ceiling, so that heap and RSS figures compare like with like; native access allowed, so that
   * Netty's epoll library loads without the JDK's warning.
   */
  static final List<String> JVM_FLAGS = List.of("-XX:+UseCompactObjectHeaders", "-XX:+UseG1GC", "-Xmx2g",
      "--enable-native-access=ALL-UNNAMED");

  final Engine engine;
  final String label;
  final int port;
  /** A reference server's main class in the bench jar; null for the lab's, which run through the app jar. */
  private final Class<?> referenceMain;
  /** Netty's transport, its main's second argument; null for the others. */
  private final Transport transport;

  Server(Engine engine, Class<?> referenceMain, Transport transport) {
    this.engine = engine;
    this.label = engine.id();
    this.port = engine.defaultPort() + PORT_OFFSET;
    this.referenceMain = referenceMain;
    this.transport = transport;
  }

  /** Fails at once, saying why, if this server cannot run here (Netty's epoll off Linux x86_64). */
  void requireRunnable() {
    if (transport != null) {
      transport.requireAvailable();
    }
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

  /**
   * The command line that starts this server on {@code listenPort} (its own port, or another: the spread's second JVM
   * of a server runs beside the first), on the server's CPUs of {@code cpus}, with {@code extraJvmFlags} (a JFR
   * recording, say).
   */
  List<String> command(Jars jars, CpuPartition cpus, int listenPort, List<String> extraJvmFlags) {
    List<String> command = new ArrayList<>(jvm(extraJvmFlags));
    if (!engine.isReference()) {
      command.addAll(List.of("-jar", jars.app().toString(), "serve", label, "--port", String.valueOf(listenPort),
          "--downstream", "http://127.0.0.1:" + BACKEND_PORT, "--max-connections", String.valueOf(MAX_CONNECTIONS)));
    } else {
      command.addAll(List.of("-cp", jars.bench().toString(), referenceMain.getName(), String.valueOf(listenPort)));
      if (transport != null) {
        command.add(transport.name().toLowerCase(Locale.ROOT));
      }
    }
    return cpus.onServerCpus(command);
  }

  /**
   * The backend of /api/noblock: block2 on the loom engine, as {@code ./ioloop backend}. It stands for the world
   * outside the server under test, so it runs on the load's CPUs of {@code cpus}, beside wrk.
   */
  static List<String> backendCommand(Jars jars, CpuPartition cpus) {
    List<String> command = new ArrayList<>(jvm(List.of()));
    command.addAll(List.of("-jar", jars.app().toString(), "backend", "--port", String.valueOf(BACKEND_PORT)));
    return cpus.onLoadCpus(command);
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
