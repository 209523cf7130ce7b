// Run: java -cp ~/.m2/repository/org/hdrhistogram/HdrHistogram/2.2.2/HdrHistogram-2.2.2.jar scripts/RecordCost.java THREADS
import org.HdrHistogram.Recorder;

/** ns per request of what ServerCounters adds: two System.nanoTime() calls and one Recorder.recordValue. */
public class RecordCost {
  static volatile long sink;
  public static void main(String[] args) throws Exception {
    int threads = Integer.parseInt(args[0]);
    long n = 20_000_000;
    Recorder recorder = new Recorder(2);
    for (int round = 0; round < 5; round++) {
      for (int mode = 0; mode < 3; mode++) {
        final boolean record = mode == 0; final boolean clock = mode < 2;
        Thread[] all = new Thread[threads];
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
          all[t] = new Thread(() -> {
            long acc = 0;
            for (long i = 0; i < n; i++) {
              long s = clock ? System.nanoTime() : i;
              long e = clock ? System.nanoTime() : i + 7;
              if (record) recorder.recordValue(Math.max(1, (e - s + 150_000 + (i & 1023) * 100) / 1_000));
              acc += e;
            }
            sink = acc;
          });
          all[t].start();
        }
        for (Thread t : all) t.join();
        long ns = System.nanoTime() - start;
        System.out.printf("threads %d round %d %-22s %.1f ns/op%n", threads, round, new String[]{"nanoTime x2 + record","nanoTime x2","nothing"}[mode], (double) ns / n);
        recorder.getIntervalHistogram();
      }
    }
  }
}
