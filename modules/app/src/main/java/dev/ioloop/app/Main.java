package dev.ioloop.app;

import dev.ioloop.tooling.cli.LabCommandLine;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The lab's command line; the {@code ./ioloop} launcher finds a JDK, builds, and hands its arguments here. */
@Command(
    name = "ioloop",
    mixinStandardHelpOptions = true,
    version = "ioloop 0.1.0",
    description = "One event-loop contract, two concurrency models: a hand-written NIO reactor and Project Loom.",
    subcommands = {
      DemoCommand.class, ServeCommand.class, BackendCommand.class, LoadCommand.class, CompareCommand.class,
      ReportCommand.class,
      LoopDemoCommand.class, SoakCommand.class, WatchCommand.class
    })
public final class Main {
  Main() {}

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /**
   * The lab's command line, with the conventions every ioloop command follows ({@link LabCommandLine}): a bad option
   * or argument is one line on stderr and exit code 2, never a stack trace, whether picocli finds it while parsing or
   * a command while checking values; any other failure is one line {@code ioloop: ...}, its exit code by its kind.
   */
  static CommandLine commandLine() {
    return LabCommandLine.of(new Main());
  }
}
