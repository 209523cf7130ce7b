package dev.ioloop.app;

import dev.ioloop.app.live.Dashboard;
import dev.ioloop.app.live.DashboardOptions;
import dev.ioloop.app.load.LoopbackHttp;
import dev.ioloop.tooling.cli.DurationConverter;
import dev.ioloop.tooling.cli.ExitCode;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ./ioloop watch NAME=URL...}: the live dashboard over servers already running, until Ctrl-C. */
@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    description = {
      "The live dashboard over servers already running (./ioloop serve ...), until Ctrl-C: requests/s, in flight,"
          + " server-side latency p50 and p99 over the last second, threads, loop lag, heap, CPU and open"
          + " connections of every server side by side, twice a second.",
      "Prints the dashboard's address, http://127.0.0.1:PORT/ (add ?big for a projector). Each NAME=URL is a"
          + " server on this machine, e.g. reactor=http://127.0.0.1:8081 loom=http://127.0.0.1:8082; an engine's"
          + " name gets its colour.",
    })
final class WatchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin DashboardOptions dashboardOptions;

  @Parameters(arity = "1..*", paramLabel = "NAME=URL", description = "a server to watch, e.g. reactor=http://127.0.0.1:8081")
  List<String> servers;

  @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "stop after this long, e.g. 10m (default: until Ctrl-C)")
  Duration duration;

  @Override
  public Integer call() throws Exception {
    Map<String, URI> targets = targets();
    PrintWriter out = spec.commandLine().getOut();
    try (Dashboard dashboard = dashboardOptions.start()) {
      targets.forEach(dashboard::attach);
      CountDownLatch stopped = new CountDownLatch(1);
      Thread hook = new Thread(() -> {
        dashboard.close();
        stopped.countDown();
      }, "watch-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      out.println("ioloop watch: " + dashboard.url() + "  (" + String.join(", ", targets.keySet())
          + "; Ctrl-C stops)");
      out.flush();
      if (duration != null) {
        stopped.await(duration.toMillis(), TimeUnit.MILLISECONDS);
      } else {
        stopped.await();
      }
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the hook closes the dashboard
      }
    } catch (IllegalArgumentException badBind) {
      throw new ParameterException(spec.commandLine(), badBind.getMessage(), badBind);
    }
    return ExitCode.OK;
  }

  private Map<String, URI> targets() {
    Map<String, URI> targets = new LinkedHashMap<>();
    for (String server : servers) {
      int equals = server.indexOf('=');
      if (equals < 1) {
        throw new ParameterException(spec.commandLine(), "expected NAME=URL, e.g. reactor=http://127.0.0.1:8081,"
            + " not '" + server + "'");
      }
      String name = server.substring(0, equals);
      try {
        URI url = LoopbackHttp.requireLoopback(URI.create(server.substring(equals + 1)));
        if (targets.put(name, url) != null) {
          throw new ParameterException(spec.commandLine(), "the name '" + name + "' is given twice");
        }
      } catch (IllegalArgumentException bad) {
        throw new ParameterException(spec.commandLine(), name + ": " + bad.getMessage(), bad);
      }
    }
    return targets;
  }
}
