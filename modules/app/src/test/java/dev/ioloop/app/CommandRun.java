package dev.ioloop.app;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

/** What one ./ioloop command printed and returned, run in this JVM through the same command line as Main. */
record CommandRun(int exitCode, String out, String err) {
  static CommandRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode = Main.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
        .execute(args);
    return new CommandRun(exitCode, out.toString(), err.toString());
  }

  /** The report directory ./ioloop load printed. */
  Path report() {
    return out.lines().filter(line -> line.startsWith("report: ")).findFirst()
        .map(line -> Path.of(line.substring("report: ".length())).getParent())
        .orElseThrow(() -> new AssertionError("no report line in:\n" + out + err));
  }
}
