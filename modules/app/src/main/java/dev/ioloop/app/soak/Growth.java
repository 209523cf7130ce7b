package dev.ioloop.app.soak;

import dev.ioloop.app.report.StatsSample;
import java.util.List;
import java.util.Locale;

/**
 * Whether one resource grew without bound over a soak. The rule: drop the first third of the samples (start-up,
 * warm-up, pools filling), then compare the minimum of the last third with the minimum of the middle third. A leak
 * raises the floor of a resource, whatever its load swings; the minimum ignores the swings (the heap's sawtooth,
 * connections coming and going). It grew without bound if the last floor exceeds the middle one by more than the
 * resource's allowance ({@link Resource#allowance}).
 *
 * @param resource what was watched
 * @param middle   the middle third's minimum
 * @param last     the last third's minimum
 * @param allowed  how much above {@code middle} {@code last} may be
 */
public record Growth(Resource resource, long middle, long last, long allowed) {
  /** Fewer samples give no thirds to compare. */
  public static final int MIN_SAMPLES = 6;

  /** Judges {@code samples}, in time order, of which there must be at least {@link #MIN_SAMPLES}. */
  public static Growth of(Resource resource, List<StatsSample> samples) {
    if (samples.size() < MIN_SAMPLES) {
      throw new IllegalArgumentException("at least " + MIN_SAMPLES + " samples are needed, not " + samples.size());
    }
    int third = samples.size() / 3;
    long middle = minimum(resource, samples.subList(third, samples.size() - third));
    long last = minimum(resource, samples.subList(samples.size() - third, samples.size()));
    return new Growth(resource, middle, last, resource.allowance(middle));
  }

  private static long minimum(Resource resource, List<StatsSample> samples) {
    return samples.stream().mapToLong(resource::read).min().orElseThrow();
  }

  public boolean unbounded() {
    return last - middle > allowed;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%-21s %8d -> %8d  (%+d, allowed +%d)%s", resource.label(), middle, last,
        last - middle, allowed, unbounded() ? "  GREW" : "");
  }
}
