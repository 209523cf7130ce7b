package dev.ioloop.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HelpTextTest {
  /** picocli formats descriptions with String.format: a bare '%' makes it warn on stderr and print the raw text. */
  @Test
  void everyCommandsHelpFormatsWithoutWarnings() {
    PrintStream stderr = System.err;
    ByteArrayOutputStream warnings = new ByteArrayOutputStream();
    System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
    try {
      for (Map.Entry<String, CommandLine> command : Main.commandLine().getSubcommands().entrySet()) {
        String usage = command.getValue().getUsageMessage();
        assertTrue(usage.contains("Usage: ioloop " + command.getKey()), usage);
      }
    } finally {
      System.setErr(stderr);
    }
    assertEquals("", warnings.toString(StandardCharsets.UTF_8));
  }
}
