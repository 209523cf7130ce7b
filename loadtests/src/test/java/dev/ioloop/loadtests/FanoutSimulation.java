package dev.ioloop.loadtests;

import static io.gatling.javaapi.core.CoreDsl.exec;

/** How do many concurrent downstream calls per request fare? /api/fanout: K block2 calls at once. */
public class FanoutSimulation extends LabSimulation {
  public FanoutSimulation() {
    super("fanout", parameters -> exec(Requests.fanout(parameters)));
  }
}
