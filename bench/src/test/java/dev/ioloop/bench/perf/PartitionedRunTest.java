package dev.ioloop.bench.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ioloop.tooling.cpu.CpuPartition;
import dev.ioloop.tooling.cpu.CpuSet;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Where each of a run's processes is pinned, and what the report's header says of it. */
class PartitionedRunTest {
  private static final Server.Jars JARS = new Server.Jars(Path.of("app.jar"), Path.of("bench.jar"));

  @BeforeEach
  void twoCpus() {
    Assumptions.assumeTrue(CpuSet.parse("0-1").within(CpuSet.available()),
        () -> "needs CPUs 0 and 1; this machine offers " + CpuSet.available());
  }

  @Test
  void serversRunOnTheServerCpusWrkAndTheBackendOnTheLoadCpus() {
    CpuPartition cpus = CpuPartition.of("0", "1");
    assertEquals(List.of("/usr/bin/taskset", "-c", "0"), Server.REACTOR.command(JARS, cpus, Server.REACTOR.port, List.of()).subList(0, 3));
    List<String> epoll = Server.NETTY_EPOLL.command(JARS, cpus, Server.NETTY_EPOLL.port, List.of());
    assertEquals(List.of("/usr/bin/taskset", "-c", "0"), epoll.subList(0, 3));
    assertEquals(List.of("9193", "epoll"), epoll.subList(epoll.size() - 2, epoll.size()));
    assertEquals(List.of("/usr/bin/taskset", "-c", "1"), Server.backendCommand(JARS, cpus).subList(0, 3));
    assertEquals(1, Wrk.threads(cpus));
  }

  @Test
  void sharedCoresPinNothingAndWrkTakesAThreadPerCore() {
    assertTrue(Server.LOOM.command(JARS, CpuPartition.SHARED, Server.LOOM.port, List.of()).getFirst().endsWith("java"));
    assertTrue(Server.backendCommand(JARS, CpuPartition.SHARED).getFirst().endsWith("java"));
    assertEquals(CpuSet.available().size(), Wrk.threads(CpuPartition.SHARED));
  }

  @Test
  void theHeaderSaysWhereEachSideRanWrksThreadsAndTheCoresEachServerSees() throws Exception {
    Settings settings = Settings.quick(List.of(Server.REACTOR, Server.NETTY_EPOLL), false);
    String header = BenchCommand.header("./ioloop bench --quick", "today", settings, CpuPartition.of("0", "1"),
        "0.5 before");
    assertTrue(header.contains("- Cores: server on CPU 0, load generator on CPU 1 (taskset; disjoint); wrk with 1"
        + " thread (one per load CPU), and the /api/noblock backend beside it, on the load's side: it stands for the"
        + " world outside the server under test; 1 core seen by each server JVM."), header);
    assertTrue(header.contains("reactor, netty-epoll"), header);

    String shared = BenchCommand.header("./ioloop bench --shared-cpus", "today", settings, CpuPartition.SHARED, "0.5");
    int cores = CpuSet.available().size();
    assertTrue(shared.contains("- Cores: server and load generator share every core; wrk with "
        + Machine.plural(cores, "thread") + " (one per core), and the /api/noblock backend on the same cores; "
        + Machine.plural(cores, "core") + " seen by each server JVM."), shared);
  }
}
