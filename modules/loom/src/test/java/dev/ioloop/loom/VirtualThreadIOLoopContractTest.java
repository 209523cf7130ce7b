package dev.ioloop.loom;

import dev.ioloop.api.IOLoopContractTest;
import dev.ioloop.api.PollingIOLoop;
import java.util.function.LongSupplier;

class VirtualThreadIOLoopContractTest extends IOLoopContractTest {
  @Override
  protected PollingIOLoop newLoop(LongSupplier clock) {
    return new VirtualThreadIOLoop(clock);
  }
}
