package dev.ioloop.api;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Records what loops log on {@link MeasuredLoop#LOGGER_NAME} (through {@link System.Logger}'s default java.util.logging
 * backend) while it is open, and keeps those records off the console.
 */
public final class CapturedLog implements AutoCloseable {
  /**
   * One record: its level, its text (the message with its parameters, then the stack of its throwable) and when it
   * was published, on the {@link System#nanoTime()} scale.
   */
  public record Entry(Level level, String text, Throwable thrown, long publishedNanos) {}

  // Held strongly: java.util.logging forgets a logger nobody references, and the handlers attached to it.
  private final Logger logger = Logger.getLogger(MeasuredLoop.LOGGER_NAME);
  private final boolean parentHandlers = logger.getUseParentHandlers();
  private final List<Entry> entries = new CopyOnWriteArrayList<>();
  private final Handler handler = new Handler() {
    private final SimpleFormatter formatter = new SimpleFormatter();

    @Override
    public void publish(LogRecord record) {
      long now = System.nanoTime();
      StringBuilder text = new StringBuilder(formatter.formatMessage(record));
      if (record.getThrown() != null) {
        StringWriter stack = new StringWriter();
        record.getThrown().printStackTrace(new PrintWriter(stack));
        text.append('\n').append(stack);
      }
      entries.add(new Entry(record.getLevel(), text.toString(), record.getThrown(), now));
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  private CapturedLog() {
    logger.addHandler(handler);
    logger.setUseParentHandlers(false);
  }

  public static CapturedLog start() {
    return new CapturedLog();
  }

  /** The entries whose text contains {@code fragment}, in the order they were published. */
  public List<Entry> mentioning(String fragment) {
    return entries.stream().filter(entry -> entry.text().contains(fragment)).toList();
  }

  @Override
  public void close() {
    logger.removeHandler(handler);
    logger.setUseParentHandlers(parentHandlers);
  }
}
