package dev.ioloop.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;

/** The lab's command line; the {@code ./ioloop} launcher finds a JDK, builds, and hands its arguments here. */
@Command(
    name = "ioloop",
    mixinStandardHelpOptions = true,
    version = "ioloop 0.1.0",
    description = "One event-loop contract, two concurrency models: a hand-written NIO reactor and Project Loom.",
    subcommands = {
      DemoCommand.class, ServeCommand.class, BackendCommand.class, LoadCommand.class, CompareCommand.class,
      LoopDemoCommand.class, SoakCommand.class
    })
public final class Main {
  Main() {}

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /**
   * The lab's command line. A bad option or argument is one line on stderr and exit code 2, never a stack trace,
   * whether picocli finds it while parsing or a command while checking values (a port in use included).
   */
  static CommandLine commandLine() {
    return new CommandLine(new Main())
        .setParameterExceptionHandler(Main::oneLine)
        .setExecutionExceptionHandler((failure, command, parsed) -> {
          if (failure instanceof ParameterException bad) {
            return oneLine(bad, parsed.originalArgs().toArray(String[]::new));
          }
          throw failure;
        });
  }

  private static int oneLine(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    command.getErr().println(command.getCommandSpec().qualifiedName() + ": " + e.getMessage() + " (see --help)");
    return command.getCommandSpec().exitCodeOnInvalidInput();
  }
}
