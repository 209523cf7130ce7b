package dev.ioloop.bench;

import dev.ioloop.api.IOLoop;
import dev.ioloop.api.MeasuredLoop;
import dev.ioloop.api.Timeout;
import dev.ioloop.api.server.Engine;
import dev.ioloop.loom.loop.VirtualThreadIOLoop;
import dev.ioloop.reactor.loop.SelectorIOLoop;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
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
 * another thread, timeouts scheduled and cancelled per second, the round trip of waking a sleeping loop, and the
 * round trip of one readiness event over a loopback socket.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = "-XX:+UseCompactObjectHeaders")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class LoopBenchmark {
  static final int BATCH = 10_000;

  @Param({"reactor", "loom"})
  String loop;

  private MeasuredLoop ioLoop;
  private Thread loopThread;

  private final ByteBuffer ping = ByteBuffer.allocateDirect(1);
  private final ByteBuffer pong = ByteBuffer.allocateDirect(1);
  private SocketChannel client;

  @Setup(Level.Trial)
  public void startLoop() throws IOException {
    ioLoop = loop.equals(Engine.Model.REACTOR.id()) ? new SelectorIOLoop() : new VirtualThreadIOLoop();
    loopThread = Thread.ofPlatform().name("bench-loop").start(ioLoop::start);
    try (ServerSocketChannel listener = ServerSocketChannel.open()) {
      listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      client = SocketChannel.open(listener.getLocalAddress());
      client.setOption(StandardSocketOptions.TCP_NODELAY, true);
      SocketChannel served = listener.accept();
      served.setOption(StandardSocketOptions.TCP_NODELAY, true);
      ByteBuffer echo = ByteBuffer.allocateDirect(64);
      ioLoop.addHandler(served, (channel, events) -> {
        echo.clear();
        if (served.read(echo) < 0) {
          ioLoop.removeHandler(served);
          served.close();
          return;
        }
        served.write(echo.flip()); // a few bytes always fit in an idle socket's send buffer
      }, IOLoop.READ);
    }
  }

  @TearDown(Level.Trial)
  public void stopLoop() throws InterruptedException, IOException {
    client.close();
    ioLoop.stop();
    loopThread.join();
    ioLoop.close(true);
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(BATCH)
  public void callbacksFromLoopThread() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Runnable tick = countDown(done);
    ioLoop.addCallback(() -> {
      for (int i = 0; i < BATCH; i++) {
        ioLoop.addCallback(tick);
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
    Runnable tick = countDown(done);
    for (int i = 0; i < BATCH; i++) {
      ioLoop.addCallback(tick);
    }
    done.join();
  }

  /** A callback that completes {@code done} on its BATCH-th run; it runs on the loop thread only. */
  private static Runnable countDown(CompletableFuture<Void> done) {
    int[] left = {BATCH};
    return () -> {
      if (--left[0] == 0) {
        done.complete(null);
      }
    };
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

  /**
   * One byte over loopback TCP to a handler on the loop that echoes it: the cost of one readiness event, which is
   * where the loops differ (one shared epoll_wait vs a watcher virtual thread and a queue hand-off per channel).
   */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public byte echoRoundTrip() throws IOException {
    ping.clear().put((byte) 42).flip();
    client.write(ping);
    pong.clear();
    while (pong.position() == 0) {
      client.read(pong);
    }
    return pong.get(0);
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
