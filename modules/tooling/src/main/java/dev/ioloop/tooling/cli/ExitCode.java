package dev.ioloop.tooling.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every ioloop command's exit status means, the app's and the bench's alike: a script (or CI) tells a failed
 * check from a typo, a missing tool and a bug by the number alone. Every command's {@code --help} lists them
 * ({@link #descriptions()}).
 *
 * <ul>
 *   <li>{@link #OK}: done, and every check held;</li>
 *   <li>{@link #CHECK_FAILED}: it ran, and something it checks failed: a simulation's assertion, a target missed,
 *       a soak that grew;</li>
 *   <li>{@link #USAGE}: a bad option or argument, nothing was started;</li>
 *   <li>{@link #MISSING_ENVIRONMENT}: something the command needs is not there: wrk, a JDK, the built simulations
 *       (Gatling), a free port ({@link MissingEnvironmentException});</li>
 *   <li>{@link #INTERNAL_ERROR}: a bug, or a failure nobody foresaw; {@code --verbose} prints its stack trace.</li>
 * </ul>
 */
public final class ExitCode {
  private ExitCode() {}

  public static final int OK = 0;
  public static final int CHECK_FAILED = 1;
  public static final int USAGE = 2;
  public static final int MISSING_ENVIRONMENT = 3;
  public static final int INTERNAL_ERROR = 4;

  /** The codes and their meaning, as {@code --help} lists them (picocli's exit code list). */
  public static Map<String, String> descriptions() {
    Map<String, String> codes = new LinkedHashMap<>();
    codes.put(Integer.toString(OK), "done");
    codes.put(Integer.toString(CHECK_FAILED),
        "a check failed: a simulation's assertion, a target missed, a soak that grew");
    codes.put(Integer.toString(USAGE), "a bad option or argument (nothing started)");
    codes.put(Integer.toString(MISSING_ENVIRONMENT),
        "something needed is missing: wrk, a JDK, the built simulations (Gatling), a free port");
    codes.put(Integer.toString(INTERNAL_ERROR), "an internal error (--verbose prints the stack trace)");
    return codes;
  }
}
