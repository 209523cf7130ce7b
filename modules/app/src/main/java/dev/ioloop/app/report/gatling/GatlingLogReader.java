package dev.ioloop.app.report.gatling;

import dev.ioloop.app.report.SimulationLog;
import io.gatling.charts.stats.ErrorRecord;
import io.gatling.charts.stats.FirstPassParser;
import io.gatling.charts.stats.GroupRecord;
import io.gatling.charts.stats.RequestRecord;
import io.gatling.charts.stats.ResultsHolder;
import io.gatling.charts.stats.RunInfo;
import io.gatling.charts.stats.SecondPassParser;
import io.gatling.charts.stats.UserRecord;
import io.gatling.commons.stats.OK$;
import io.gatling.core.stats.message.MessageEvent;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.function.BiConsumer;

/**
 * Gatling 3.15's own two passes over a {@code simulation.log}, the records handed to a {@link SimulationLog.Sink}
 * instead of its report's buckets: {@code SecondPassParser} parses every record and gives it to its
 * {@code ResultsHolder}, which is replaced here by one that passes each record on. Loaded by
 * {@link SimulationLog}'s class loader, which sees Gatling's jars; nothing else in the app links against Gatling.
 */
public final class GatlingLogReader implements BiConsumer<Path, SimulationLog.Sink> {
  /** LogFileReader's values: milliseconds per second, and the report's response-time bounds (unused here). */
  private static final double SEC_MILLISEC_RATIO = 1000.0;
  private static final int LOWER_BOUND = 800;
  private static final int HIGHER_BOUND = 1200;

  @Override
  public void accept(Path log, SimulationLog.Sink sink) {
    RunInfo info;
    try (FirstPassParser first = new FirstPassParser(log.toFile(), ZoneId.systemDefault())) {
      info = first.parse();
    } catch (Exception e) {
      throw failure(e);
    }
    sink.run(info.simulationClassName(), info.runStart());
    try (SecondPassParser second = new SecondPassParser(log.toFile(), info, SEC_MILLISEC_RATIO, LOWER_BOUND,
        HIGHER_BOUND)) {
      Field holder = SecondPassParser.class.getDeclaredField("resultsHolder");
      holder.setAccessible(true);
      holder.set(second, new Forwarder(info, sink));
      second.parse();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Gatling's SecondPassParser has changed: " + e, e);
    } catch (Exception e) {
      throw failure(e);
    }
  }

  private static RuntimeException failure(Exception e) {
    if (e instanceof java.io.IOException io) {
      return new UncheckedIOException(io);
    }
    return e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
  }

  /** A ResultsHolder that keeps nothing: each record goes to the sink as it is parsed. */
  private static final class Forwarder extends ResultsHolder {
    private final SimulationLog.Sink sink;

    Forwarder(RunInfo info, SimulationLog.Sink sink) {
      super(info.injectStart(), info.injectEnd(), new int[] {0}, LOWER_BOUND, HIGHER_BOUND);
      this.sink = sink;
    }

    @Override
    public void addRequestRecord(RequestRecord record) {
      String group = record.group().isDefined() ? record.group().get().hierarchy().head() : "";
      sink.request(record.name(), group, record.start(), record.start() + record.responseTime(),
          record.status() == OK$.MODULE$);
    }

    @Override
    public void addUserRecord(UserRecord record) {
      sink.user(record.scenario(), record.event() == MessageEvent.Start$.MODULE$, record.timestamp());
    }

    @Override
    public void addGroupRecord(GroupRecord record) {}

    @Override
    public void addErrorRecord(ErrorRecord record) {}

    @Override
    public void flushTrailingConcurrentUsers() {}
  }
}
