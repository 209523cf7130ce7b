package dev.ioloop.app.load;

import dev.ioloop.tooling.cli.MissingEnvironmentException;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The simulations as the loadtests build left them: their class path and the JVM arguments of a Gatling run, read
 * from the {@code gatling-launch.properties} that build writes (so they are said once, in loadtests/pom.xml).
 *
 * @param classpath         the compiled simulations first (their jar when it is current), then Gatling and its
 *                          dependencies
 * @param jvmArgs           the plugin's defaults and the project's own (no analytics, a loopback-only hosts file)
 * @param simulationClasses the directory of the compiled simulations
 */
public record GatlingInstallation(List<Path> classpath, List<String> jvmArgs, Path simulationClasses) {
  static final String SIMULATION_PACKAGE = "dev.ioloop.loadtests";
  private static final String SIMULATION_BASE = "io.gatling.javaapi.core.Simulation";
  private static final String LAUNCH_PROPERTIES = "gatling-launch.properties";
  private static final String SUFFIX = "Simulation";

  public GatlingInstallation {
    classpath = List.copyOf(classpath);
    jvmArgs = List.copyOf(jvmArgs);
  }

  /** The installation built under {@code projectRoot}/loadtests, or a message saying how to build it. */
  public static GatlingInstallation in(Path projectRoot) throws IOException {
    Path testClasses = projectRoot.resolve("loadtests/target/test-classes");
    Path launch = testClasses.resolve(LAUNCH_PROPERTIES);
    if (!Files.isRegularFile(launch)) {
      throw new MissingEnvironmentException("the simulations are not built (" + launch + " is missing)",
          "run ./ioloop build");
    }
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(launch)) {
      properties.load(reader);
    }
    Path jar = Path.of(properties.getProperty("simulationsJar"));
    boolean jarIsCurrent = Files.isRegularFile(jar) && !hasNewerFile(testClasses, Files.getLastModifiedTime(jar));
    List<Path> classpath = new ArrayList<>();
    classpath.add(jarIsCurrent ? jar : testClasses);
    String dependencies = Files.readString(Path.of(properties.getProperty("classpathFile"))).strip();
    Arrays.stream(dependencies.split(java.io.File.pathSeparator)).map(Path::of).forEach(classpath::add);

    List<String> jvmArgs = new ArrayList<>(List.of(properties.getProperty("gatlingDefaultJvmArgs").split("\\s+")));
    properties.stringPropertyNames().stream()
        .filter(name -> name.startsWith("jvmArg."))
        .sorted()
        .map(properties::getProperty)
        .forEach(jvmArgs::add);
    if (jarIsCurrent) {
      // Created by the first run, mapped by the next (the JVM rebuilds it when the class path changed). Its log
      // lists every class it cannot keep (signed jars) and calls the JDK archive's module flags an error: noise.
      jvmArgs.addAll(List.of("-XX:+AutoCreateSharedArchive",
          "-XX:SharedArchiveFile=" + properties.getProperty("classDataArchive"), "-Xlog:cds*=off", "-Xlog:aot*=off"));
    }
    return new GatlingInstallation(classpath, jvmArgs, testClasses);
  }

  /** Whether a class was compiled after the simulations jar was made (test-compile without package). */
  private static boolean hasNewerFile(Path directory, FileTime than) throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        if (Files.getLastModifiedTime(file).compareTo(than) > 0) {
          return true;
        }
      }
      return false;
    }
  }

  /** The runnable simulations' short names (Hello, NoBlock, ...): public, concrete Gatling simulations. */
  public List<String> simulations() {
    Path dir = simulationClasses.resolve(SIMULATION_PACKAGE.replace('.', '/'));
    try (Stream<Path> files = Files.list(dir);
        URLClassLoader loader = new URLClassLoader(urls(), ClassLoader.getPlatformClassLoader())) {
      Class<?> base = loader.loadClass(SIMULATION_BASE);
      List<String> names = new ArrayList<>();
      for (String file : files.map(Path::getFileName).map(Path::toString).sorted().toList()) {
        if (!file.endsWith("Simulation.class") || file.contains("$")) {
          continue;
        }
        // Loaded, not initialized: this reads the class's shape without running Gatling.
        Class<?> type = Class.forName(SIMULATION_PACKAGE + "." + file.replace(".class", ""), false, loader);
        int modifiers = type.getModifiers();
        if (base.isAssignableFrom(type) && Modifier.isPublic(modifiers) && !Modifier.isAbstract(modifiers)) {
          names.add(shortName(type.getName()));
        }
      }
      return names;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("the simulations' class path is incomplete: " + e.getMessage(), e);
    }
  }

  /** A simulation's short name, as the tables show it: NoBlock for dev.ioloop.loadtests.NoBlockSimulation. */
  public static String shortName(String simulationClass) {
    String simpleName = simulationClass.substring(simulationClass.lastIndexOf('.') + 1);
    return simpleName.endsWith(SUFFIX) ? simpleName.substring(0, simpleName.length() - SUFFIX.length()) : simpleName;
  }

  /** The class of a simulation named as a person would: "noblock", "NoBlock", "NoBlockSimulation" or in full. */
  public String simulationClass(String name) {
    String wanted = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    List<String> known = simulations();
    return known.stream()
        .filter(simulation -> wanted.equals(simulation.toLowerCase(Locale.ROOT))
            || wanted.equals((simulation + SUFFIX).toLowerCase(Locale.ROOT)))
        .findFirst()
        .map(simulation -> SIMULATION_PACKAGE + "." + simulation + SUFFIX)
        .orElseThrow(() -> new IllegalArgumentException(
            "no simulation '" + name + "'; choose from " + String.join(", ", known)));
  }

  private URL[] urls() {
    return classpath.stream().map(path -> {
      try {
        return path.toUri().toURL();
      } catch (MalformedURLException e) {
        throw new IllegalStateException(e);
      }
    }).toArray(URL[]::new);
  }
}
