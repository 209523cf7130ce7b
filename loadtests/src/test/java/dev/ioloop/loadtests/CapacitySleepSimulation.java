package dev.ioloop.loadtests;

import static io.gatling.javaapi.core.CoreDsl.exec;

/** /api/sleep?ms=100 under 100, 200, ... 1,000 users: a wait that blocks nothing, users / 0.1 s on every model. */
public class CapacitySleepSimulation extends CapacityRun {
  public CapacitySleepSimulation() {
    super("capacity-sleep", parameters -> exec(Requests.sleep(parameters)));
  }
}
