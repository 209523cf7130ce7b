package dev.ioloop.loadtests;

import static io.gatling.javaapi.core.CoreDsl.exec;

/** /api/block under 100, 200, ... 1,000 users: where does each server stop following users / 255 ms? */
public class CapacityBlockSimulation extends CapacityRun {
  public CapacityBlockSimulation() {
    super("capacity-block", parameters -> exec(Requests.block(parameters)));
  }
}
