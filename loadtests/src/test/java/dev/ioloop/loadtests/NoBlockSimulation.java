package dev.ioloop.loadtests;

import static io.gatling.javaapi.core.CoreDsl.exec;

/** Does the asynchronous downstream call scale? /api/noblock: every model should reach users / 255 ms. */
public class NoBlockSimulation extends LabSimulation {
  public NoBlockSimulation() {
    super("noblock", parameters -> exec(Requests.noBlock(parameters)));
  }
}
