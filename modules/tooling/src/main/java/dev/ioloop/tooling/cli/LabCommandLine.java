package dev.ioloop.tooling.cli;

import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The one place that sets up a picocli command line for ioloop, the app's {@code Main} and the bench's
 * {@code BenchCommand} alike, so that every command behaves the same way on the edges:
 *
 * <ul>
 *   <li>exit codes: {@link ExitCode}, listed in every command's {@code --help};</li>
 *   <li>a bad option or argument (picocli's, or a {@link ParameterException} a command throws while checking
 *       values): one line, {@code <command>: <message> (see --help)}, exit {@link ExitCode#USAGE};</li>
 *   <li>any other failure: one line, {@code ioloop: <message>}, with what to do where that is known (a
 *       {@link MissingEnvironmentException}'s hint), exit {@link ExitCode#MISSING_ENVIRONMENT} or
 *       {@link ExitCode#INTERNAL_ERROR}; the stack trace only with {@code --verbose}, which every command has;</li>
 *   <li>every {@link Duration} option reads through {@link DurationConverter} ({@code 10s}, {@code 500ms},
 *       {@code 2m}, {@code 1h}; a plain number is seconds).</li>
 * </ul>
 */
public final class LabCommandLine {
  /** Every command has it: on a failure, the stack trace too. */
  public static final String VERBOSE = "--verbose";
  /** How a failure's line begins. */
  public static final String PREFIX = "ioloop: ";

  private LabCommandLine() {}

  /** A command line for {@code command} (a picocli {@code @Command}), set up with the conventions above. */
  public static CommandLine of(Object command) {
    return configure(new CommandLine(command));
  }

  /** Applies the conventions to {@code commandLine} and every subcommand it has now; returns it. */
  public static CommandLine configure(CommandLine commandLine) {
    commandLine.registerConverter(Duration.class, new DurationConverter());
    commandLine.setParameterExceptionHandler(LabCommandLine::usageError);
    commandLine.setExecutionExceptionHandler(LabCommandLine::failure);
    applyToTree(commandLine);
    return commandLine;
  }

  private static void applyToTree(CommandLine command) {
    CommandSpec spec = command.getCommandSpec();
    spec.exitCodeOnSuccess(ExitCode.OK)
        .exitCodeOnInvalidInput(ExitCode.USAGE)
        .exitCodeOnExecutionException(ExitCode.INTERNAL_ERROR);
    spec.usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCode.descriptions());
    if (spec.findOption(VERBOSE) == null) {
      spec.addOption(OptionSpec.builder(VERBOSE).type(boolean.class).arity("0")
          .description("on a failure, print its stack trace too").build());
    }
    command.getSubcommands().values().forEach(LabCommandLine::applyToTree);
  }

  /** A bad option or argument: one line naming the command, and exit code 2. */
  static int usageError(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    command.getErr().println(command.getCommandSpec().qualifiedName() + ": " + e.getMessage() + " (see --help)");
    command.getErr().flush();
    return ExitCode.USAGE;
  }

  /** Any other failure of a command: one line, the stack trace with --verbose, the exit code by its kind. */
  static int failure(Exception failure, CommandLine command, ParseResult parsed) {
    if (failure instanceof ParameterException bad) {
      return usageError(bad, parsed == null ? new String[0] : parsed.originalArgs().toArray(String[]::new));
    }
    boolean verbose = verbose(command, parsed);
    PrintWriter err = command.getErr();
    err.println(line(failure, verbose));
    if (verbose) {
      failure.printStackTrace(err);
    }
    err.flush();
    return exitCode(failure);
  }

  /** The exit code of a failure: what is missing, or else an internal error. */
  public static int exitCode(Throwable failure) {
    return missingEnvironment(failure) != null ? ExitCode.MISSING_ENVIRONMENT : ExitCode.INTERNAL_ERROR;
  }

  /**
   * {@code ioloop: <message>}, then what to do where it is known: a missing thing's hint, or, for an internal error
   * without {@code --verbose}, where its stack trace is. Only the first line of a message of several.
   */
  public static String line(Throwable failure, boolean verbose) {
    String message = failure.getMessage() == null || failure.getMessage().isBlank()
        ? failure.getClass().getSimpleName()
        : failure.getMessage().strip();
    String first = message.lines().findFirst().orElse(message);
    StringBuilder line = new StringBuilder(PREFIX).append(first);
    if (!first.equals(message) && !verbose) {
      line.append(" (...)");
    }
    MissingEnvironmentException missing = missingEnvironment(failure);
    if (missing != null && missing.hint() != null && !missing.hint().isBlank()) {
      line.append("; ").append(missing.hint());
    } else if (missing == null && !verbose) {
      line.append("; run again with " + VERBOSE + " for the whole story");
    }
    return line.toString();
  }

  private static MissingEnvironmentException missingEnvironment(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof MissingEnvironmentException missing) {
        return missing;
      }
    }
    return null;
  }

  private static boolean verbose(CommandLine command, ParseResult parsed) {
    for (ParseResult result = parsed; result != null; result = result.subcommand()) {
      if (result.hasMatchedOption(VERBOSE)) {
        return true;
      }
    }
    ParseResult own = command.getParseResult();
    return own != null && own.hasMatchedOption(VERBOSE);
  }
}
