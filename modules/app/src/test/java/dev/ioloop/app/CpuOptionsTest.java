package dev.ioloop.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ioloop.tooling.cpu.CpuSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** demo's and load's --server-cpus, --load-cpus and --shared-cpus: every bad combination is one usage line, exit 2. */
@Timeout(30)
class CpuOptionsTest {
  private static final String BEYOND = String.valueOf(CpuSet.available().cpus().length() + 64);

  @Test
  void oneListWithoutTheOtherIsAUsageError() {
    for (String command : new String[] {"demo", "load"}) {
      CommandRun run = command.equals("demo") ? CommandRun.of("demo", "--server-cpus", "0")
          : CommandRun.of("load", "hello", "--target", "http://127.0.0.1:1", "--load-cpus", "0");
      assertEquals(2, run.exitCode(), run::toString);
      assertEquals("ioloop " + command + ": give both the server's CPUs and the load's, or neither (see --help)",
          run.err().strip());
    }
  }

  @Test
  void overlappingBadAndUnavailableListsAreUsageErrorsThatSayWhy() {
    CommandRun overlap = CommandRun.of("demo", "--server-cpus", "0", "--load-cpus", "0");
    assertEquals(2, overlap.exitCode(), overlap::toString);
    assertEquals("ioloop demo: the server's CPUs (0) and the load's (0) overlap: they must be disjoint (see --help)",
        overlap.err().strip());

    CommandRun bad = CommandRun.of("demo", "--server-cpus", "zero", "--load-cpus", "1");
    assertEquals(2, bad.exitCode(), bad::toString);
    assertEquals("ioloop demo: 'zero' is not a CPU list: write it as taskset -c takes it, such as 0, 0-1 or 0,2-3"
        + " (see --help)", bad.err().strip());

    CommandRun absent = CommandRun.of("load", "hello", "--target", "http://127.0.0.1:1", "--server-cpus", BEYOND,
        "--load-cpus", "0");
    assertEquals(2, absent.exitCode(), absent::toString);
    assertTrue(absent.err().startsWith("ioloop load: CPUs " + BEYOND + " are not all available here: this machine"
        + " offers "), absent::err);
    assertEquals(1, absent.err().strip().lines().count(), absent::err);
  }

  @Test
  void sharedBesideAListIsAUsageError() {
    CommandRun run = CommandRun.of("demo", "--shared-cpus", "--server-cpus", "0", "--load-cpus", "1");
    assertEquals(2, run.exitCode(), run::toString);
    assertEquals("ioloop demo: --shared-cpus pins nothing: give it or --server-cpus/--load-cpus, not both"
        + " (see --help)", run.err().strip());
  }

  @Test
  void loadCannotPinAServerOnAnotherMachine() {
    CommandRun run = CommandRun.of("load", "hello", "--target", "http://10.0.0.1:8081", "--allow-remote",
        "--server-cpus", "0", "--load-cpus", "1");
    assertEquals(2, run.exitCode(), run::toString);
    assertEquals("ioloop load: --server-cpus pins a server on this machine, and with --allow-remote the target may be"
        + " another one: pin it there (taskset -c LIST ./ioloop serve ...) and leave out the CPU lists (see --help)",
        run.err().strip());
  }
}
