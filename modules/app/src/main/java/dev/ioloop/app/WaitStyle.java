package dev.ioloop.app;

import dev.ioloop.api.IOLoop;
import java.time.Duration;

/** Three ways for code on an event loop to wait: the whole of Tornado's block/noblock lesson, on one loop. */
enum WaitStyle {
  /** Sleeps on the loop thread, as the seed's {@code /api/block2}: every other task waits behind it. */
  BLOCKING("Thread.sleep on the loop") {
    @Override
    void await(IOLoop loop, Duration delay, Runnable done) throws InterruptedException {
      Thread.sleep(delay);
      done.run();
    }
  },
  /** Asks the loop to call back later: the loop is free meanwhile ({@code /api/sleep} on the reactor). */
  CALL_LATER("callLater, no blocking") {
    @Override
    void await(IOLoop loop, Duration delay, Runnable done) {
      loop.callLater(delay, done);
    }
  },
  /** Blocking code moved off the loop to a virtual thread; its result comes back on the loop. */
  EXECUTOR("runInExecutor, a virtual thread") {
    @Override
    void await(IOLoop loop, Duration delay, Runnable done) {
      loop.runInExecutor(() -> {
        Thread.sleep(delay);
        return delay;
      }).thenRun(done);
    }
  };

  final String description;

  WaitStyle(String description) {
    this.description = description;
  }

  /** Starts one wait on the loop thread; {@code done} runs on the loop thread when it is over. */
  abstract void await(IOLoop loop, Duration delay, Runnable done) throws Exception;
}
