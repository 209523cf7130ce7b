package dev.ioloop.app;

import dev.ioloop.app.demo.DemoPlan;
import dev.ioloop.app.load.GatlingInstallation;
import dev.ioloop.app.soak.Growth;
import dev.ioloop.app.soak.Soak;
import dev.ioloop.tooling.cli.DurationConverter;
import dev.ioloop.tooling.cli.ExitCode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ./ioloop soak}: hours of traffic in minutes, to show that nothing a server holds grows without bound. */
@Command(
    name = "soak",
    mixinStandardHelpOptions = true,
    description = {
      "Loads each server in turn with the Mixed scenario (--duration, 10 minutes), sampling its open files"
          + " (/proc/PID/fd), threads and heap, and fails (exit 1) if any of them grew without bound.",
      "The rule: the first third of the samples is warm-up; the lowest reading of the last third may exceed the"
          + " lowest of the middle third by at most max(floor, share of it): open files 50 or 25%%, platform threads"
          + " 10 or 25%%, live virtual threads 100 or 25%%, heap left after the last collection 64 MiB or 50%%.",
      "Output under runs/soak-<time>/: each server's Gatling report with stats.jsonl, and logs/."
    })
final class SoakCommand implements Callable<Integer> {
  private static final Duration DEFAULT_DURATION = Duration.ofMinutes(10);

  @Spec CommandSpec spec;

  @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "load per server, e.g. 10m, 90s or 1h; a plain number is seconds (default 10m)")
  Duration duration;

  /** The older spelling, still in notes: a number of minutes, {@code --minutes 2} is {@code --duration 2m}. */
  @Option(names = "--minutes", hidden = true, description = "minutes of load per server: --duration Nm")
  Double minutes;

  @Option(names = "--servers", split = ",", description = "of reactor, loom, jetty (default: all three)")
  List<String> servers = DemoPlan.SERVERS;

  @Option(names = "--users", description = "virtual users (default ${DEFAULT-VALUE})")
  int users = 50;

  @Option(names = {"--sample-period", "--sample-seconds"}, paramLabel = "DURATION", defaultValue = "10s",
      converter = DurationConverter.class,
      description = "how often each server is sampled, e.g. 10s or 500ms; a plain number is seconds"
          + " (default ${DEFAULT-VALUE})")
  Duration samplePeriod;

  @Option(names = "--reactor-loops", paramLabel = "N",
      description = "the reactor's loops (default: one per core, here ${DEFAULT-VALUE})")
  int reactorLoops = Runtime.getRuntime().availableProcessors();

  @Option(names = "--out", paramLabel = "DIR", description = "where the run goes (default: runs/soak-<time>/)")
  Path out;

  @Override
  public Integer call() throws Exception {
    PrintWriter output = spec.commandLine().getOut();
    Path root = ProjectRoot.find();
    Path runDirectory = out != null ? out : RunDirectory.timestamped(root, "soak-");
    Soak soak = soak(GatlingInstallation.in(root), runDirectory);
    output.printf(Locale.ROOT, "ioloop soak: Mixed, %d users, %.1f min on each of %s. Output: %s%n", users,
        soak.duration().toMillis() / 60_000.0,
        String.join(",", soak.servers()), runDirectory);
    output.flush();
    List<Soak.Verdict> verdicts = soak.run(output);
    List<String> leaking = verdicts.stream().filter(Soak.Verdict::leaked)
        .map(verdict -> verdict.server() + " (" + verdict.growth().stream().filter(Growth::unbounded)
            .map(growth -> growth.resource().label()).reduce((a, b) -> a + ", " + b).orElseThrow() + ")")
        .toList();
    if (!leaking.isEmpty()) {
      spec.commandLine().getErr().println("ioloop soak: grew without bound: " + String.join("; ", leaking));
      return ExitCode.CHECK_FAILED;
    }
    output.println("ioloop soak: every resource of every server stayed bounded.");
    return ExitCode.OK;
  }

  private Soak soak(GatlingInstallation installation, Path runDirectory) {
    for (String server : servers) {
      if (!DemoPlan.SERVERS.contains(server)) {
        throw new ParameterException(spec.commandLine(), "unknown server '" + server + "'; choose from "
            + DemoPlan.SERVERS);
      }
    }
    if (duration != null && minutes != null) {
      throw new ParameterException(spec.commandLine(), "--minutes is --duration in minutes: give one of them");
    }
    Duration length = duration != null ? duration
        : minutes != null && minutes > 0 ? Duration.ofMillis(Math.round(minutes * 60_000))
        : minutes != null ? Duration.ZERO : DEFAULT_DURATION;
    if (users < 1 || length.isZero() || samplePeriod.isZero()) {
      throw new ParameterException(spec.commandLine(), "users, the duration and the sampling period must be positive");
    }
    try {
      return new Soak(installation, servers, users, length, samplePeriod, reactorLoops, runDirectory);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }
}
