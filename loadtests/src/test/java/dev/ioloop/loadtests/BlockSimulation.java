package dev.ioloop.loadtests;

import static io.gatling.javaapi.core.CoreDsl.exec;

/** What does a blocking downstream call cost? /api/block: the reactor's loops stall (loops / 255 ms), threads hold. */
public class BlockSimulation extends LabSimulation {
  public BlockSimulation() {
    super("block", parameters -> exec(Requests.block(parameters)));
  }
}
