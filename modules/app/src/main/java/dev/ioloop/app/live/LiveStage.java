package dev.ioloop.app.live;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** What the demo publishes to the dashboard: the scenario running now, its step, its time left, and marks. */
public final class LiveStage {
  static final int MAX_MARKS = 200;

  private final Deque<LiveEvent.Mark> marks = new ArrayDeque<>();
  private String scenario;
  private String server;
  private int step;
  private int steps;
  private long endNanos;

  /** A step starts: {@code scenario} on {@code server} for {@code load} (its ramp included). */
  public synchronized void stepStarted(String scenario, String server, int step, int steps, Duration load) {
    this.scenario = scenario;
    this.server = server;
    this.step = step;
    this.steps = steps;
    this.endNanos = System.nanoTime() + load.toNanos();
    mark(new LiveEvent.Mark(System.currentTimeMillis(), scenario + " " + server, true));
  }

  /** The step running now is over, whether it succeeded or not. */
  public synchronized void stepEnded() {
    if (scenario != null) {
      mark(new LiveEvent.Mark(System.currentTimeMillis(), scenario + " " + server, false));
      scenario = null;
    }
  }

  synchronized LiveEvent.Scenario scenario() {
    return scenario == null ? null : new LiveEvent.Scenario(scenario, server, step, steps,
        Math.max(0, (endNanos - System.nanoTime()) / 1_000_000));
  }

  synchronized List<LiveEvent.Mark> marks() {
    return List.copyOf(marks);
  }

  private void mark(LiveEvent.Mark mark) {
    marks.addLast(mark);
    while (marks.size() > MAX_MARKS) {
      marks.removeFirst();
    }
  }
}
