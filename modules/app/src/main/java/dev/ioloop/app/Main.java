package dev.ioloop.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The lab's command line; the {@code ./ioloop} launcher finds a JDK, builds, and hands its arguments here. */
@Command(
    name = "ioloop",
    mixinStandardHelpOptions = true,
    version = "ioloop 0.1.0",
    description = "One event-loop contract, two concurrency models: a hand-written NIO reactor and Project Loom.",
    subcommands = {DemoCommand.class, LoadCommand.class, CompareCommand.class, LoopDemoCommand.class})
public final class Main {
  Main() {}

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }
}
