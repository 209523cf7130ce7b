package dev.ioloop.api.server;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Every server the lab runs or measures, under the one name that the command line, {@code /api/stats}, run folders
 * and reports all use, with its default port (each its own, so that all of them can run side by side).
 */
public enum Engine {
  /** N {@code SelectorIOLoop}s, callbacks and stages (modules/reactor). */
  REACTOR(Model.REACTOR, 8081, false),
  /** A virtual thread per connection over blocking sockets (modules/loom). */
  LOOM(Model.LOOM, 8082, false),
  /** The blocking endpoints on Jetty 12, every task on a virtual thread (modules/jetty). */
  JETTY(Model.LOOM, 8083, false),
  /** The blocking endpoints on Jetty 12 with a bounded pool of platform threads: the model Loom replaces. */
  PLATFORM(Model.PLATFORM, 8084, false),
  /** Netty with its NIO transport: the bench's reference for the reactor. */
  NETTY(Model.REACTOR, 8091, true),
  /** Helidon 4 on virtual threads: the bench's reference for loom. */
  HELIDON(Model.LOOM, 8092, true),
  /** Netty with its native epoll transport (Linux): what the reactor would gain past the JDK's selector. */
  NETTY_EPOLL(Model.REACTOR, 8093, true);

  /** How a server's code waits: what {@code /api/stats} calls its {@code model}. */
  public enum Model {
    /** Callbacks on an event loop: waiting never blocks the thread. */
    REACTOR,
    /** Blocking code on virtual threads: waiting parks the virtual thread, its carrier serves others. */
    LOOM,
    /** Blocking code on platform threads: waiting holds a pool thread. */
    PLATFORM;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Model model;
  private final int defaultPort;
  private final boolean reference;

  Engine(Model model, int defaultPort, boolean reference) {
    this.model = model;
    this.defaultPort = defaultPort;
    this.reference = reference;
  }

  /** The engine's name, as typed and as reported: {@code reactor}, {@code loom}, ..., {@code netty-epoll}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public Model model() {
    return model;
  }

  public int defaultPort() {
    return defaultPort;
  }

  /** An industrial server the bench compares with, not one of the lab's own. */
  public boolean isReference() {
    return reference;
  }

  /** The lab's own engines, in the order every report lists them. */
  public static List<Engine> lab() {
    return Arrays.stream(values()).filter(engine -> !engine.reference).toList();
  }

  /** The engine called {@code id}; an unknown name is an {@link IllegalArgumentException} listing the known ones. */
  public static Engine named(String id) {
    return Arrays.stream(values()).filter(engine -> engine.id().equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown engine '" + id + "'; choose from "
            + Arrays.stream(values()).map(Engine::id).collect(Collectors.joining(", "))));
  }

  @Override
  public String toString() {
    return id();
  }
}
