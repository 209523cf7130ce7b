package dev.ioloop.tooling.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

class LabCommandLineTest {
  /** A root command with one subcommand that fails in the way its argument names. */
  @Command(name = "ioloop", mixinStandardHelpOptions = true, subcommands = Fail.class)
  static final class Root {}

  @Command(name = "fail", mixinStandardHelpOptions = true, description = "Fails as told.")
  static final class Fail implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", description = "ok, check, usage, missing, wrapped, bug, multiline")
    String how;

    @Option(names = "--wait", defaultValue = "2s", description = "a duration (default ${DEFAULT-VALUE})")
    Duration wait;

    @Override
    public Integer call() throws Exception {
      return switch (how) {
        case "ok" -> ExitCode.OK;
        case "check" -> ExitCode.CHECK_FAILED;
        case "usage" -> throw new ParameterException(spec.commandLine(), "--wait must be shorter");
        case "missing" -> throw new MissingEnvironmentException("wrk is not installed", "apt-get install wrk");
        case "wrapped" -> throw new IOException("the run stopped: wrk is not installed",
            new MissingEnvironmentException("wrk is not installed", "apt-get install wrk"));
        case "multiline" -> throw new IOException("reactor did not come up\n  the end of its log:\n  boom");
        case "wait" -> {
          spec.commandLine().getOut().print(wait.toMillis());
          yield ExitCode.OK;
        }
        default -> throw new IllegalStateException("a bug");
      };
    }
  }

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return LabCommandLine.of(new Root()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
        .execute(args);
  }

  @Test
  void successAndAFailedCheckAreTheCommandsOwnCodes() {
    assertEquals(ExitCode.OK, run("fail", "ok"));
    assertEquals(ExitCode.CHECK_FAILED, run("fail", "check"));
    assertEquals("", err.toString());
  }

  /** Every failure is one line on stderr; its exit code says what kind it is. */
  @ParameterizedTest(name = "{0}: exit {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      // a bad option: picocli finds it, or a command checking values; the line names the command
      "fail ok --no-such-option | 2 | ioloop fail: Unknown option: '--no-such-option' (see --help)",
      "fail usage               | 2 | ioloop fail: --wait must be shorter (see --help)",
      // something missing, said with what to do, also when it caused the failure
      "fail missing             | 3 | ioloop: wrk is not installed; apt-get install wrk",
      "fail wrapped             | 3 | ioloop: the run stopped: wrk is not installed; apt-get install wrk",
      // anything else: no stack trace without --verbose, and only a message's first line
      "fail bug                 | 4 | ioloop: a bug; run again with --verbose for the whole story",
      "fail multiline           | 4 | ioloop: reactor did not come up (...); run again with --verbose for the"
          + " whole story"})
  void aFailureIsOneLineAndItsKindsExitCode(String args, int code, String line) {
    assertEquals(code, run(args.split(" ")));
    assertEquals(line + "\n", err.toString());
    assertEquals("", out.toString());
  }

  @Test
  void verbosePrintsTheStackTraceAfterTheLine() {
    assertEquals(ExitCode.INTERNAL_ERROR, run("fail", "bug", "--verbose"));
    String[] lines = err.toString().split("\n");
    assertEquals("ioloop: a bug", lines[0]);
    assertEquals("java.lang.IllegalStateException: a bug", lines[1]);
    assertTrue(lines[2].strip().startsWith("at dev.ioloop.tooling.cli.LabCommandLineTest$Fail.call"), lines[2]);
  }

  @Test
  void verboseKeepsTheHintOfSomethingMissing() {
    assertEquals(ExitCode.MISSING_ENVIRONMENT, run("fail", "missing", "--verbose"));
    assertTrue(err.toString().startsWith("ioloop: wrk is not installed; apt-get install wrk\n"
        + "dev.ioloop.tooling.cli.MissingEnvironmentException: wrk is not installed\n"), err::toString);
  }

  @Test
  void durationOptionsReadPlainSecondsAndUnits() {
    assertEquals(ExitCode.OK, run("fail", "wait", "--wait", "1.5"));
    assertEquals("1500", out.toString());
    assertEquals(ExitCode.OK, run("fail", "wait", "--wait", "250ms"));
    assertEquals("1500250", out.toString());
    assertEquals(ExitCode.USAGE, run("fail", "wait", "--wait", "soon"));
    assertTrue(err.toString().startsWith("ioloop fail: Invalid value for option '--wait': 'soon' is not a duration"),
        err::toString);
  }

  @Test
  void everyCommandsHelpListsTheExitCodesAndVerbose() {
    CommandLine commandLine = LabCommandLine.of(new Root());
    for (CommandLine command : java.util.List.of(commandLine, commandLine.getSubcommands().get("fail"))) {
      String help = command.getUsageMessage();
      assertTrue(help.contains("Exit codes:"), help);
      for (String code : ExitCode.descriptions().keySet()) {
        assertTrue(help.lines().anyMatch(line -> line.strip().startsWith(code + "   ")), () -> code + " in " + help);
      }
      assertTrue(help.contains("--verbose"), help);
    }
    assertFalse(commandLine.getUsageMessage().contains("%"), "every format specifier was formatted");
  }

  @Test
  void theCodesAreDistinctAndNamedAsPromised() {
    assertEquals(java.util.List.of(0, 1, 2, 3, 4), java.util.List.of(ExitCode.OK, ExitCode.CHECK_FAILED,
        ExitCode.USAGE, ExitCode.MISSING_ENVIRONMENT, ExitCode.INTERNAL_ERROR));
  }
}
