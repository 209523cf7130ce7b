package dev.ioloop.bench.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ioloop.tooling.cli.ExitCode;
import dev.ioloop.tooling.cpu.CpuPartition;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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
  void helpDocumentsTheCoresTheEpollRowAndTheSpread() {
    assertEquals(ExitCode.OK, run("--help"));
    String help = out.toString().replaceAll("\\s+", " "); // as wrapped for the terminal: words, not lines
    for (String option : List.of("--shared-cpus", "--server-cpus=LIST", "--load-cpus=LIST", "--spread",
        "netty-epoll", "with --spread: reactor,loom", CpuPartition.halves().describe())) {
      assertTrue(help.contains(option), () -> option + " in:\n" + out);
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--server-cpus 0                             | --server-cpus/--load-cpus: give both the server's CPUs",
      "--load-cpus 1                               | --server-cpus/--load-cpus: give both the server's CPUs",
      "--server-cpus 0 --load-cpus 0               | --server-cpus/--load-cpus: the server's CPUs (0) and the load's",
      "--server-cpus zero --load-cpus 1            | --server-cpus/--load-cpus: 'zero' is not a CPU list",
      "--server-cpus 0-1 --load-cpus 1-            | --server-cpus/--load-cpus: '1-' is not a CPU list",
      "--shared-cpus --server-cpus 0 --load-cpus 1 | --shared-cpus and --server-cpus/--load-cpus contradict each other",
      "--spread --shared-cpus                      | --spread compares partitioned with shared cores itself",
      "--spread --jfr                              | --jfr records the bench's servers, not --spread's",
      "--spread --sweep                            | --sweep and --spread are two runs: give one of them"})
  void badCoreOptionsAreUsageErrorsOfOneLine(String arguments, String message) {
    assertEquals(ExitCode.USAGE, run(arguments.split(" ")));
    assertEquals(1, err.toString().lines().count(), err::toString);
    assertTrue(err.toString().startsWith("ioloop bench: " + message), err::toString);
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
