package dev.ioloop.loadtests;

import static io.gatling.javaapi.core.CoreDsl.exec;

/** Does a wait that blocks nothing scale? /api/sleep: callLater on the reactor, Thread.sleep on virtual threads. */
public class SleepSimulation extends LabSimulation {
  public SleepSimulation() {
    super("sleep", parameters -> exec(Requests.sleep(parameters)));
  }
}
