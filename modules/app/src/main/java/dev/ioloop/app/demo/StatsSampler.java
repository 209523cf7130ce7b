package dev.ioloop.app.demo;

import dev.ioloop.app.load.LoopbackHttp;
import dev.ioloop.app.report.StatsSample;
import dev.ioloop.http.route.StatsJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Asks a server for its {@code /api/stats} every period while Gatling loads it, on a virtual thread, and counts the
 * open files of its process when it is a local one. A sample that does not come back within the timeout is skipped:
 * a reactor whose loop is blocked answers late or not at all, and the gap in its line is part of the story.
 */
public final class StatsSampler {
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);

  private final URI target;
  private final Duration period;
  private final Optional<ProcessHandle> process;
  private final List<StatsSample> samples = new ArrayList<>();
  private final long startNanos = System.nanoTime();
  private final long startEpochMillis = System.currentTimeMillis();
  private final Thread thread;
  private volatile boolean stopped;

  private StatsSampler(URI target, Duration period, Optional<ProcessHandle> process) {
    this.target = target;
    this.period = period;
    this.process = process;
    this.thread = Thread.ofVirtual().name("stats-sampler-" + target.getPort()).start(this::sample);
  }

  public static StatsSampler start(URI target, Duration period) {
    return new StatsSampler(target, period, Optional.empty());
  }

  /** Samples {@code target}, served by {@code process}, whose open files it counts too. */
  public static StatsSampler start(URI target, Duration period, ProcessHandle process) {
    return new StatsSampler(target, period, Optional.of(process));
  }

  /** When sampling began (a sample's atMillis counts from it), epoch milliseconds. */
  public long startEpochMillis() {
    return startEpochMillis;
  }

  /** Stops sampling and returns the samples, in time order. */
  public List<StatsSample> stop() throws InterruptedException {
    stopped = true;
    thread.interrupt();
    thread.join();
    synchronized (samples) {
      return List.copyOf(samples);
    }
  }

  private void sample() {
    try (LoopbackHttp http = new LoopbackHttp(REQUEST_TIMEOUT)) {
      long next = System.nanoTime();
      while (!stopped) {
        try {
          HttpResponse<String> response = http.get(target, "/api/stats");
          if (response.statusCode() == 200) {
            StatsSample sample = new StatsSample((System.nanoTime() - startNanos) / 1_000_000,
                StatsJson.decode(response.body()), process.map(OpenFiles::of).orElse(StatsSample.NOT_COUNTED));
            synchronized (samples) {
              samples.add(sample);
            }
          }
        } catch (IOException lateOrRefused) {
          // skipped: see the class comment
        }
        next += period.toNanos();
        long wait = next - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(Duration.ofNanos(wait));
        } else {
          next = System.nanoTime(); // a slow answer: back on the grid, no burst of catch-up requests
        }
      }
    } catch (InterruptedException stopping) {
      // stop() interrupts the sleep or a request in flight
    }
  }
}
