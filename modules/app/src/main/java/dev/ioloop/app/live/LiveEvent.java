package dev.ioloop.app.live;

import java.util.List;

/**
 * What the dashboard sends on {@code /events} every tick, as one JSON object.
 *
 * @param epochMillis when it was sampled
 * @param servers     every attached server's figures, in the order they were attached
 * @param scenario    what the demo runs now; {@code null} under {@code watch}, or between steps
 * @param marks       where each scenario started and ended so far (the last {@link LiveStage#MAX_MARKS})
 */
public record LiveEvent(long epochMillis, List<LiveFigures> servers, Scenario scenario, List<Mark> marks) {

  /**
   * @param name       the scenario (a simulation's name: NoBlock, Block, ...)
   * @param server     the server it loads
   * @param step       this step's number, from 1
   * @param steps      the steps of the whole run
   * @param leftMillis time left in this step's load (0 once its time is up and the step finishes)
   */
  public record Scenario(String name, String server, int step, int steps, long leftMillis) {}

  /**
   * @param epochMillis when
   * @param label       e.g. {@code NoBlock reactor}
   * @param start       a start ({@code true}) or an end
   */
  public record Mark(long epochMillis, String label, boolean start) {}
}
