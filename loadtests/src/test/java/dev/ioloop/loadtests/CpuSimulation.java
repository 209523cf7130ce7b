package dev.ioloop.loadtests;

import static io.gatling.javaapi.core.CoreDsl.exec;

/** What if the work is CPU, not waiting? /api/cpu: SHA-256 rounds, which neither model speeds up. */
public class CpuSimulation extends LabSimulation {
  public CpuSimulation() {
    super("cpu", parameters -> exec(Requests.cpu(parameters)));
  }
}
