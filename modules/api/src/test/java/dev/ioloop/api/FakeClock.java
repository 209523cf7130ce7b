package dev.ioloop.api;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** A nanosecond clock that moves only when a test moves it (Tornado's FakeTimeIOLoop); backwards too. */
public final class FakeClock implements LongSupplier {
  private final AtomicLong nanos;

  public FakeClock(long startNanos) {
    nanos = new AtomicLong(startNanos);
  }

  @Override
  public long getAsLong() {
    return nanos.get();
  }

  public void advance(long deltaNanos) {
    nanos.addAndGet(deltaNanos);
  }
}
