package dev.ioloop.reactor.client;

import dev.ioloop.api.IOLoop;
import dev.ioloop.http.client.DownstreamBusyException;
import dev.ioloop.http.client.DownstreamRefusedException;
import dev.ioloop.http.client.DownstreamTimeoutException;
import dev.ioloop.http.codec.HttpGetRequest;
import dev.ioloop.http.codec.HttpLimits;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The connections of one {@link AsyncHttpClient} to one host: at most {@code maxConnections} open, busy and idle
 * together; a call that finds none idle and no room waits in line, within its own deadline, in a line of at most
 * {@code maxWaiting} calls (one more fails at once: 503, where the line had no end before). Idle connections are
 * watched, so one the server closes is evicted at once; a call that still meets a stale one is retried (see
 * {@link ClientConnection}). On the loop thread only.
 */
final class HostPool {
  private final IOLoop loop;
  private final String hostAndPort;
  private final InetSocketAddress address;
  private final int maxConnections;
  private final int maxWaiting;
  private final Duration timeout;
  private final HttpLimits limits;
  private final ByteBuffer readBuffer;
  private final Set<ClientConnection> connections = new HashSet<>();
  /** Most recently used last: taking the last keeps few connections warm and lets the others go idle. */
  private final ArrayDeque<ClientConnection> idle = new ArrayDeque<>();
  private final ArrayDeque<DownstreamCall> waiting = new ArrayDeque<>();

  HostPool(IOLoop loop, HttpGetRequest first, int maxConnections, int maxWaiting, Duration timeout, HttpLimits limits,
      ByteBuffer readBuffer) {
    this.loop = loop;
    this.hostAndPort = first.hostAndPort();
    this.address = first.address(); // resolved once per host: a name lookup blocks, and the loop must not
    this.maxConnections = maxConnections;
    this.maxWaiting = maxWaiting;
    this.timeout = timeout;
    this.limits = limits;
    this.readBuffer = readBuffer;
  }

  void submit(DownstreamCall call) {
    ClientConnection connection = idle.pollLast();
    if (connection != null) {
      connection.send(call);
    } else if (connections.size() < maxConnections) {
      open(call);
    } else if (waiting.size() < maxWaiting) {
      waiting.add(call);
    } else {
      call.fail(new DownstreamBusyException(hostAndPort, waiting.size()));
    }
  }

  /** A call already admitted, to go again (see {@link ClientConnection}): first in line, whatever the line's length. */
  void resubmit(DownstreamCall call) {
    ClientConnection connection = idle.pollLast();
    if (connection != null) {
      connection.send(call);
    } else if (connections.size() < maxConnections) {
      open(call);
    } else {
      waiting.addFirst(call);
    }
  }

  /** The call's deadline passed: 504, and the connection carrying it, if any, is closed mid-exchange. */
  void timedOut(DownstreamCall call) {
    DownstreamTimeoutException late = DownstreamTimeoutException.noAnswer(hostAndPort, timeout, null);
    if (call.connection != null) {
      call.connection.fail(late);
    } else {
      waiting.remove(call);
      call.fail(late);
    }
  }

  /** {@code connection} finished its exchange and can carry another. */
  void release(ClientConnection connection) {
    DownstreamCall next = waiting.poll();
    if (next != null) {
      connection.send(next);
    } else {
      idle.addLast(connection);
    }
  }

  /** {@code connection} is closed: its room goes to the next call in line. */
  void closed(ClientConnection connection) {
    connections.remove(connection);
    idle.remove(connection);
    DownstreamCall next = waiting.poll();
    if (next != null) {
      open(next);
    }
  }

  /** Fails every call, carried or waiting, and closes every connection. */
  void close() {
    DownstreamRefusedException closing = new DownstreamRefusedException("the client is closing", null);
    waiting.forEach(call -> call.fail(closing));
    waiting.clear();
    List.copyOf(connections).forEach(connection -> connection.fail(closing));
  }

  private void open(DownstreamCall call) {
    ClientConnection connection = new ClientConnection(this, call);
    connections.add(connection);
    connection.connect(address);
  }

  IOLoop loop() {
    return loop;
  }

  String hostAndPort() {
    return hostAndPort;
  }

  HttpLimits limits() {
    return limits;
  }

  ByteBuffer readBuffer() {
    return readBuffer;
  }
}
