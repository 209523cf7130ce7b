package dev.ioloop.app.demo;

import dev.ioloop.app.load.GatlingLauncher;
import dev.ioloop.app.load.GatlingRun;
import dev.ioloop.app.load.LoadSpec;
import dev.ioloop.app.report.Placement;
import dev.ioloop.app.report.ServerRun;
import dev.ioloop.app.report.StatsSample;
import dev.ioloop.app.report.StatsSamples;
import dev.ioloop.tooling.process.ServerProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One Gatling run against a server this app started, its {@code /api/stats} and open files sampled meanwhile, the
 * samples written next to the report with where the server and Gatling ran: a demo step and a soak are each this.
 */
public final class SampledLoad {
  private SampledLoad() {}

  /**
   * Runs {@code load} against {@code server}, the report under {@code results} and Gatling's console in
   * {@code gatlingLog}, sampling every {@code period}; the run, read back with its samples.
   */
  public static Result run(GatlingLauncher gatling, LoadSpec load, ServerProcess server, Duration period,
      Path results, Path gatlingLog) throws IOException, InterruptedException {
    StatsSampler sampler = StatsSampler.start(server.url(), period, server.process().toHandle());
    GatlingRun run;
    List<StatsSample> samples;
    try {
      run = gatling.run(load, results, ProcessBuilder.Redirect.to(gatlingLog.toFile()));
    } finally {
      samples = sampler.stop();
    }
    StatsSamples.write(run.reportDirectory(), samples);
    StatsSamples.writeStart(run.reportDirectory(), sampler.startEpochMillis());
    Placement.write(run.reportDirectory(), gatling.cpus().describe(), gatling.cpus().partitioned());
    return new Result(ServerRun.read(run.reportDirectory(), gatling.installation().classpath()), run.wallSeconds());
  }

  /**
   * @param run         the report and its samples
   * @param wallSeconds how long Gatling took, start-up and report included
   */
  public record Result(ServerRun run, double wallSeconds) {}
}
