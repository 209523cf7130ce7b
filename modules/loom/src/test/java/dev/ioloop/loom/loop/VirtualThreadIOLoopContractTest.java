package dev.ioloop.loom.loop;

import dev.ioloop.api.IOLoopContractTest;
import dev.ioloop.polling.PollingIOLoop;
import java.util.function.LongSupplier;

class VirtualThreadIOLoopContractTest extends IOLoopContractTest {
  @Override
  protected PollingIOLoop newLoop(LongSupplier clock) {
    return new VirtualThreadIOLoop(clock);
  }
}
