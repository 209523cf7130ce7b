package dev.ioloop.bench.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ioloop.tooling.cli.ExitCode;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The bench's command line keeps the conventions of every ioloop command. */
class BenchCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine commandLine = BenchCommand.commandLine(args);
    return commandLine.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
  }

  @Test
  void helpListsTheExitCodes() {
    assertEquals(ExitCode.OK, run("--help"));
    assertTrue(out.toString().startsWith("Usage: ioloop bench"), out::toString);
    assertTrue(out.toString().contains("Exit codes:"), out::toString);
    assertTrue(out.toString().contains("--verbose"), out::toString);
  }

  @Test
  void anUnknownServerIsAUsageErrorOfOneLine() {
    assertEquals(ExitCode.USAGE, run("--servers", "reactor,tornado"));
    assertEquals(1, err.toString().lines().count(), err::toString);
    assertTrue(err.toString().startsWith("ioloop bench: unknown engine 'tornado'"), err::toString);
  }

  @Test
  void theSweepIsAnOptionOfItsOwnAndRefusesJfr() {
    assertEquals(ExitCode.OK, run("--help"));
    assertTrue(out.toString().contains("--sweep"), out::toString);
    assertEquals(ExitCode.USAGE, run("--sweep", "--jfr"));
    assertTrue(err.toString().startsWith("ioloop bench: --jfr records the bench, not --sweep"), err::toString);
  }

  @Test
  void anUnknownServerToSweepIsAUsageError() {
    assertEquals(ExitCode.USAGE, run("--sweep", "--servers", "loom,tornado"));
    assertTrue(err.toString().startsWith("ioloop bench: unknown engine 'tornado'"), err::toString);
  }
}
