package dev.ioloop.app;

import dev.ioloop.tooling.cli.MissingEnvironmentException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The checkout the app runs from: where loadtests/ is built and runs/ are written. */
final class ProjectRoot {
  /** Overrides the search, for an app jar copied out of its checkout. */
  static final String PROPERTY = "ioloop.root";

  private ProjectRoot() {}

  /** The first directory holding loadtests/pom.xml above the app's own code, else above the working directory. */
  static Path find() {
    String configured = System.getProperty(PROPERTY);
    if (configured != null) {
      return Path.of(configured).toAbsolutePath();
    }
    List<Path> starts = Stream.concat(codeLocation().stream(), Stream.of(Path.of("").toAbsolutePath())).toList();
    for (Path start : starts) {
      for (Path dir = start; dir != null; dir = dir.getParent()) {
        if (Files.isRegularFile(dir.resolve("loadtests").resolve("pom.xml"))) {
          return dir;
        }
      }
    }
    throw new MissingEnvironmentException("cannot find the ioloop checkout (a directory with loadtests/pom.xml) above "
        + starts, "run from the checkout, or set -D" + PROPERTY + "=DIR");
  }

  /** Where this class was loaded from: the app jar, or target/classes in a build. */
  private static Optional<Path> codeLocation() {
    var source = ProjectRoot.class.getProtectionDomain().getCodeSource();
    try {
      return source == null ? Optional.empty() : Optional.of(Path.of(source.getLocation().toURI()).toAbsolutePath());
    } catch (URISyntaxException | IllegalArgumentException notAFile) {
      return Optional.empty();
    }
  }
}
