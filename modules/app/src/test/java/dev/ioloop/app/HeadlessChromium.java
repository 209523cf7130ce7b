package dev.ioloop.app;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Chromium, headless, for tests that look at a page as a person's browser would. scripts/ensure-chromium
 * installs it when it is missing (the project installs what its tests need). Where it cannot (not root, no apt-get),
 * the test is skipped with the reason, except under CI, where that is a failure.
 */
final class HeadlessChromium {
  /** scripts/ensure-chromium's status for "missing and cannot be installed here". */
  private static final int CANNOT_INSTALL = 3;
  /** An apt-get install of chromium on a fresh machine: minutes, once. */
  private static final long INSTALL_MINUTES = 10;
  private static final long PAGE_SECONDS = 60;

  private final Path binary;

  private HeadlessChromium(Path binary) {
    this.binary = binary;
  }

  /** Where the browser is. */
  Path binary() {
    return binary;
  }

  /** What the browser made of a page. */
  record Page(String dom, List<String> consoleLines) {}

  static HeadlessChromium installed() throws IOException, InterruptedException {
    Path script = ProjectRoot.find().resolve("scripts/ensure-chromium");
    Path log = Files.createTempFile("ensure-chromium", ".log");
    Process ensure = new ProcessBuilder(script.toString()).redirectError(log.toFile()).start();
    if (!ensure.waitFor(INSTALL_MINUTES, TimeUnit.MINUTES)) {
      ensure.destroyForcibly();
      throw new IOException(script + " did not finish within " + INSTALL_MINUTES + " minutes");
    }
    String path = new String(ensure.getInputStream().readAllBytes()).strip();
    String why = Files.readString(log);
    Files.delete(log);
    if (ensure.exitValue() == CANNOT_INSTALL && System.getenv("CI") == null) {
      assumeTrue(false, "no headless Chromium here, so the page is not checked in a browser: " + why);
    }
    if (ensure.exitValue() != 0) {
      throw new IOException(script + " failed (status " + ensure.exitValue() + "): " + why);
    }
    return new HeadlessChromium(Path.of(path));
  }

  /**
   * Loads the page from disk and returns the DOM after its scripts ran, and every console message. The flags keep
   * Chromium from reaching out (no sync, updates, background requests or QUIC) and from touching a real profile.
   */
  Page load(Path page) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory("chromium-profile");
    Path dom = Files.createTempFile("dom", ".html");
    Path stderr = Files.createTempFile("chromium", ".log");
    List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0", "--dump-dom",
        page.toUri().toString()));
    Process chromium = new ProcessBuilder(command).redirectOutput(dom.toFile()).redirectError(stderr.toFile()).start();
    try {
      if (!chromium.waitFor(PAGE_SECONDS, TimeUnit.SECONDS)) {
        throw new IOException("chromium did not render " + page + " within " + PAGE_SECONDS + " s");
      }
      // Chromium logs each console message as ...:CONSOLE:<line>] "message", source: ... whatever its level.
      List<String> console = Files.readAllLines(stderr).stream().filter(line -> line.contains(":CONSOLE")).toList();
      return new Page(Files.readString(dom), console);
    } finally {
      chromium.descendants().forEach(ProcessHandle::destroyForcibly);
      chromium.destroyForcibly();
      chromium.waitFor(10, TimeUnit.SECONDS);
      Files.delete(dom);
      Files.delete(stderr);
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }
}
