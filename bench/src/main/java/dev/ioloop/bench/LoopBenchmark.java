package dev.ioloop.bench;

import dev.ioloop.api.PollingIOLoop;
import dev.ioloop.api.Timeout;
import dev.ioloop.loom.VirtualThreadIOLoop;
import dev.ioloop.reactor.SelectorIOLoop;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The loops' own costs, each loop running on its own thread: callbacks per second added on the loop thread and from
 * another thread, timeouts scheduled and cancelled per second, and the round trip of waking a sleeping loop.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = "-XX:+UseCompactObjectHeaders")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class LoopBenchmark {
  static final int BATCH = 10_000;

  @Param({"reactor", "loom"})
  String loop;

  private PollingIOLoop ioLoop;
  private Thread loopThread;

  @Setup(Level.Trial)
  public void startLoop() {
    ioLoop = loop.equals("reactor") ? new SelectorIOLoop() : new VirtualThreadIOLoop();
    loopThread = Thread.ofPlatform().name("bench-loop").start(ioLoop::start);
  }

  @TearDown(Level.Trial)
  public void stopLoop() throws InterruptedException {
    ioLoop.stop();
    loopThread.join();
    ioLoop.close();
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(BATCH)
  public void callbacksFromLoopThread() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    ioLoop.addCallback(() -> {
      int[] left = {BATCH};
      for (int i = 0; i < BATCH; i++) {
        ioLoop.addCallback(() -> {
          if (--left[0] == 0) {
            done.complete(null);
          }
        });
      }
    });
    done.join();
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(BATCH)
  public void callbacksFromOtherThread() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    int[] left = {BATCH}; // touched only on the loop thread
    for (int i = 0; i < BATCH; i++) {
      ioLoop.addCallback(() -> {
        if (--left[0] == 0) {
          done.complete(null);
        }
      });
    }
    done.join();
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(BATCH)
  public void timeoutsScheduledAndCancelled() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    ioLoop.addCallback(() -> {
      for (int i = 0; i < BATCH; i++) {
        Timeout timeout = ioLoop.callLater(Duration.ofSeconds(60), () -> {});
        ioLoop.removeTimeout(timeout);
      }
      done.complete(null);
    });
    done.join();
  }

  /** From another thread into the sleeping loop and back: a wakeup, a callback, and the caller's unpark. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public void crossThreadWakeupRoundTrip() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    ioLoop.addCallback(() -> done.complete(null));
    done.join();
  }
}
