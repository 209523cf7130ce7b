package dev.ioloop.app.soak;

import dev.ioloop.app.report.StatsSample;
import java.util.function.ToLongFunction;

/**
 * What a soak watches for unbounded growth, each with the growth it tolerates between the middle and the last third
 * of a run: the larger of an absolute floor and a share of the middle third's level (see {@link Growth}).
 */
public enum Resource {
  OPEN_FILES("open files", 50, 0.25, StatsSample::openFiles),
  PLATFORM_THREADS("platform threads", 10, 0.25, sample -> sample.stats().threads().platform()),
  VIRTUAL_THREADS("live virtual threads", 100, 0.25, sample -> sample.stats().threads().virtualAlive()),
  // The used heap is a sawtooth whose low points a short run may not sample; what the last collection left is the
  // level a leak raises, whenever it is sampled.
  HEAP_MIB("heap after GC (MiB)", 64, 0.5, sample -> sample.stats().heapAfterGcBytes() >> 20);

  private final String label;
  private final long floor;
  private final double share;
  private final ToLongFunction<StatsSample> reading;

  Resource(String label, long floor, double share, ToLongFunction<StatsSample> reading) {
    this.label = label;
    this.floor = floor;
    this.share = share;
    this.reading = reading;
  }

  public String label() {
    return label;
  }

  long read(StatsSample sample) {
    return reading.applyAsLong(sample);
  }

  /** How much more than {@code level} the last third may reach and still count as bounded. */
  long allowance(long level) {
    return Math.max(floor, Math.round(level * share));
  }
}
