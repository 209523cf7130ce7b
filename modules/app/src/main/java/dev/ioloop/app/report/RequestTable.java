package dev.ioloop.app.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The statistics table of a set of request records (simulation.log), as a Gatling report has it: the "All Requests"
 * row and a row per request name, counted, percentiles from one HdrHistogram of every response time (never an average
 * of other percentiles), req/s over the records' span, from the first one's start to the last one's end.
 *
 * @param global   every request
 * @param requests a row per name, in the order each name first came
 */
public record RequestTable(RequestStats global, List<RequestStats> requests) {
  /** Response times to 3 significant digits, as Gatling's own reports do not do better than a millisecond. */
  private static final int SIGNIFICANT_DIGITS = 3;

  public RequestTable {
    requests = List.copyOf(requests);
  }

  public static RequestTable of(List<SimulationLog.Request> requests) {
    long start = requests.stream().mapToLong(SimulationLog.Request::startMillis).min().orElse(0);
    long end = requests.stream().mapToLong(SimulationLog.Request::endMillis).max().orElse(start);
    double seconds = Math.max(1, end - start) / 1000.0;
    Map<String, List<SimulationLog.Request>> byName = new LinkedHashMap<>();
    requests.forEach(request -> byName.computeIfAbsent(request.name(), name -> new ArrayList<>()).add(request));
    return new RequestTable(stats("All Requests", requests, seconds),
        byName.entrySet().stream().map(entry -> stats(entry.getKey(), entry.getValue(), seconds)).toList());
  }

  /** Counts and percentiles of these requests; NaN times when there are none. */
  private static RequestStats stats(String name, List<SimulationLog.Request> requests, double seconds) {
    long ok = requests.stream().filter(SimulationLog.Request::ok).count();
    long total = requests.size();
    if (total == 0) {
      return new RequestStats(name, 0, 0, 0, 0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
          Double.NaN, Double.NaN, Double.NaN);
    }
    Histogram times = new Histogram(SIGNIFICANT_DIGITS);
    requests.forEach(request -> times.recordValue(Math.max(0, request.responseMillis())));
    return new RequestStats(name, total, ok, total - ok, 100.0 * (total - ok) / total, total / seconds,
        times.getMinValue(), percentile(times, 50), percentile(times, 75), percentile(times, 95),
        percentile(times, 99), times.getMaxValue(), times.getMean(), times.getStdDeviation());
  }

  /** HdrHistogram's value at the percentile (exact to the millisecond below 2048 ms, 3 digits above). */
  private static double percentile(Histogram times, double percentile) {
    return times.getValueAtPercentile(percentile);
  }
}
