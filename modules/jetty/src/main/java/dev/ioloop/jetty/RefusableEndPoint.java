package dev.ioloop.jetty;

import dev.ioloop.api.server.ServerConfig;
import dev.ioloop.http.codec.HttpResponse;
import dev.ioloop.http.codec.HttpResponseEncoder;
import dev.ioloop.http.codec.HttpStatus;
import dev.ioloop.http.codec.HttpVersion;
import java.io.Closeable;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Jetty's socket end point, whose task that reads a request is a {@link RequestTask}: one a full pool may refuse with
 * a 503 ({@link PlatformThreadPool}) instead of what Jetty does with a task its pool rejects, which is to close the
 * connection without a word (its selector's {@code execute} closes a rejected task that is {@link Closeable}).
 *
 * <p>A request task is the connection's own read, run on a pool thread (Jetty's tasks that may block are handed to
 * the pool; the selector runs the non-blocking ones itself): the read of a request's head, from which the handler is
 * called on the same thread. The other tasks are never refusable: a write that the socket could not take at once,
 * and the wake-up of a handler waiting for more of its body ({@link JettyEndpointHandler} asks for it non-blocking,
 * so it is no pool task at all). Used by both engines; only the platform engine's pool ever refuses.
 */
final class RefusableEndPoint extends SocketChannelEndPoint {
  private final Scheduler scheduler;
  /** The channel's key in its selector, to tell a read from a write: Jetty keeps its own private. */
  private volatile SelectionKey key;

  RefusableEndPoint(SocketChannel channel, ManagedSelector selector, SelectionKey key, Scheduler scheduler) {
    super(channel, selector, key, scheduler);
    this.key = key;
    this.scheduler = scheduler;
  }

  @Override
  public void replaceKey(SelectionKey newKey) {
    super.replaceKey(newKey);
    key = newKey;
  }

  @Override
  public Runnable onSelected() {
    Runnable task = super.onSelected();
    if (task == null || Invocable.getInvocationType(task) != Invocable.InvocationType.BLOCKING || !onlyReadable()) {
      return task;
    }
    return new RequestTask(task);
  }

  /** Whether the selector found the channel readable and not writable (called where it did, on its thread). */
  private boolean onlyReadable() {
    try {
      return key.readyOps() == SelectionKey.OP_READ;
    } catch (CancelledKeyException closed) {
      return false;
    }
  }

  /** The read of a request on a pool thread: Jetty's own task, which {@link #refuse} replaces by a 503. */
  final class RequestTask implements Invocable.Task, Closeable {
    private final Runnable read;

    private RequestTask(Runnable read) {
      this.read = read;
    }

    @Override
    public void run() {
      read.run();
    }

    @Override
    public InvocationType getInvocationType() {
      return InvocationType.BLOCKING;
    }

    /** What Jetty does with a task its pool rejected (as Jetty's own read task does): closes the connection. */
    @Override
    public void close() {
      RefusableEndPoint.this.close();
    }

    /**
     * Answers 503 straight on the socket instead of reading the request, then closes the lingering way, as the
     * connection limit does ({@link OverLimitConnection}): runs on the selector's thread, so it never blocks.
     */
    void refuse(String reason) {
      Runnable lingerThenClose = () -> {
        shutdownOutput();
        scheduler.schedule(RefusableEndPoint.this::close, ServerConfig.LINGER.toMillis(), TimeUnit.MILLISECONDS);
      };
      Callback written = Callback.from(Invocable.InvocationType.NON_BLOCKING, lingerThenClose, failure -> close());
      HttpResponse busy = HttpResponse.error(HttpStatus.SERVICE_UNAVAILABLE, reason);
      write(written, HttpResponseEncoder.encode(busy, HttpVersion.HTTP_1_1, false));
    }

    @Override
    public String toString() {
      return "RequestTask[" + read + "]";
    }
  }
}
