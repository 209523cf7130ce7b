package dev.ioloop.tooling.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Command lines for child JVMs on the JDK this program runs on (servers, Gatling, the bench's references). */
public final class JavaCommand {
  private JavaCommand() {}

  /** The java binary running this JVM: children use the same JDK the launcher found. */
  public static Path javaBinary() {
    Path home = Path.of(System.getProperty("java.home"), "bin", "java");
    return ProcessHandle.current().info().command().map(Path::of).filter(Files::isExecutable).orElse(home);
  }

  /** {@code java [jvmArgs] -cp <this class path> mainClass [args]}: another JVM running this program's code. */
  public static List<String> sameClasspath(List<String> jvmArgs, String mainClass, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(javaBinary().toString());
    command.addAll(jvmArgs);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(args);
    return command;
  }
}
