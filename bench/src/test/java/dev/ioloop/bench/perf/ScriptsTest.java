package dev.ioloop.bench.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The launcher's scripts for the bench: valid shell, and ensure-wrk's helper leaves an installed binary alone. */
class ScriptsTest {
  private static Path root() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("scripts/ensure-wrk"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no scripts/ensure-wrk above " + Path.of("").toAbsolutePath());
  }

  private record Outcome(int status, String out) {}

  private static Outcome bash(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash"));
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).directory(root().toFile()).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("bash " + List.of(arguments) + " did not end");
    }
    return new Outcome(process.exitValue(), out);
  }

  @ParameterizedTest
  @ValueSource(strings = {"scripts/ensure-wrk", "scripts/ensure-debian-package", "scripts/ensure-chromium", "ioloop"})
  void isValidShell(String script) throws Exception {
    assertEquals(new Outcome(0, ""), bash("-n", script));
  }

  @Test
  void aBinaryThatIsThereIsPrintedAndNothingInstalled() throws Exception {
    assertEquals(new Outcome(0, "/bin/sh\n"), bash("scripts/ensure-debian-package", "ensure-test", "/bin/sh", "dash"));
  }
}
