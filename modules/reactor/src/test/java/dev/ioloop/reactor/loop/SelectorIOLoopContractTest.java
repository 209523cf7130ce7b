package dev.ioloop.reactor.loop;

import dev.ioloop.api.IOLoopContractTest;
import dev.ioloop.polling.PollingIOLoop;
import java.util.function.LongSupplier;

class SelectorIOLoopContractTest extends IOLoopContractTest {
  @Override
  protected PollingIOLoop newLoop(LongSupplier clock) {
    return new SelectorIOLoop(clock);
  }
}
