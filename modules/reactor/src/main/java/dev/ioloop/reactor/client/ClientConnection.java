package dev.ioloop.reactor.client;

import dev.ioloop.api.IOHandler;
import dev.ioloop.api.IOLoop;
import dev.ioloop.http.client.DownstreamException;
import dev.ioloop.http.client.DownstreamMalformedException;
import dev.ioloop.http.client.DownstreamRefusedException;
import dev.ioloop.http.client.DownstreamResetException;
import dev.ioloop.http.codec.HttpParseException;
import dev.ioloop.http.codec.HttpResponseParser;
import dev.ioloop.http.codec.ReceivedResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SocketChannel;

/**
 * One keep-alive connection of a {@link HostPool}: a non-blocking connect, then one GET at a time. Every failure
 * fails its call with the matching {@link DownstreamException} and closes the connection: refused while connecting,
 * reset once connected, malformed for what the parser cannot read. One case is retried instead: a reused connection
 * that breaks before any byte of the response came back was closed by the server while idle, before the request
 * reached it, and a GET can safely go again on another connection. On the loop thread only.
 */
final class ClientConnection implements IOHandler {
  private enum State { CONNECTING, SENDING, RECEIVING, IDLE, CLOSED }

  private final HostPool pool;
  private final IOLoop loop;
  private final HttpResponseParser parser;
  private SocketChannel channel;
  private State state = State.CONNECTING;
  private DownstreamCall call;
  private ByteBuffer request;
  /** Whether this connection carried a call before the current one: only then is a break retried. */
  private boolean reused;
  private boolean responseStarted;

  ClientConnection(HostPool pool, DownstreamCall first) {
    this.pool = pool;
    this.loop = pool.loop();
    this.parser = new HttpResponseParser(pool.limits());
    carry(first);
  }

  /** Starts connecting; a connect that fails at once fails the call. */
  void connect(InetSocketAddress address) {
    try {
      channel = SocketChannel.open();
      channel.configureBlocking(false);
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true); // the request goes out whole, at once
      channel.connect(address); // on loopback it may finish at once; WRITE readiness comes either way
      loop.addHandler(channel, this, IOLoop.WRITE);
    } catch (IOException | RuntimeException e) { // an unresolved address is an unchecked exception
      fail(new DownstreamRefusedException("cannot connect to " + pool.hostAndPort() + ": " + e.getMessage(), e));
    }
  }

  /** Sends {@code next} on this idle connection. */
  void send(DownstreamCall next) {
    reused = true;
    carry(next);
    state = State.SENDING;
    writeRequest();
  }

  private void carry(DownstreamCall next) {
    call = next;
    next.connection = this;
    request = ByteBuffer.wrap(next.request.encodeKeepAlive());
    responseStarted = false;
  }

  @Override
  public void handle(SelectableChannel ready, int events) {
    switch (state) {
      case CONNECTING -> finishConnecting();
      case SENDING -> writeRequest();
      case RECEIVING -> readResponse();
      case IDLE -> close(); // the server closed it, or talks out of turn: either way it cannot be reused
      case CLOSED -> { }
    }
  }

  private void finishConnecting() {
    try {
      if (!channel.finishConnect()) {
        return;
      }
    } catch (IOException e) {
      fail(new DownstreamRefusedException("cannot connect to " + pool.hostAndPort() + ": " + e.getMessage(), e));
      return;
    }
    state = State.SENDING;
    writeRequest();
  }

  private void writeRequest() {
    try {
      channel.write(request);
    } catch (IOException e) {
      broke(e);
      return;
    }
    if (request.hasRemaining()) {
      loop.updateHandler(channel, IOLoop.WRITE);
    } else {
      state = State.RECEIVING;
      loop.updateHandler(channel, IOLoop.READ);
    }
  }

  private void readResponse() {
    ByteBuffer in = pool.readBuffer().clear();
    ReceivedResponse response;
    try {
      if (channel.read(in) < 0) {
        if (!responseStarted && reused) {
          retry();
          return;
        }
        response = parser.endOfInput();
      } else {
        responseStarted = true;
        response = parser.parse(in.flip());
      }
    } catch (HttpParseException e) {
      fail(new DownstreamMalformedException(e));
      return;
    } catch (IOException e) {
      broke(e);
      return;
    }
    if (response != null) {
      complete(response, in.hasRemaining());
    }
  }

  private void complete(ReceivedResponse response, boolean bytesAfterIt) {
    DownstreamCall done = call;
    call = null;
    if (response.keepAlive() && !bytesAfterIt) {
      state = State.IDLE; // still watched for READ: a close by the server evicts it at once
      pool.release(this);
    } else {
      close();
    }
    done.succeed(response);
  }

  private void broke(IOException e) {
    if (!responseStarted && reused) {
      retry();
    } else {
      fail(new DownstreamResetException("connection to " + pool.hostAndPort() + " broke: " + e.getMessage(), e));
    }
  }

  private void retry() {
    DownstreamCall again = call;
    call = null;
    again.connection = null;
    close();
    pool.resubmit(again);
  }

  /** Fails the call this connection carries, if any, and closes it. */
  void fail(DownstreamException failure) {
    DownstreamCall failed = call;
    call = null;
    close();
    if (failed != null) {
      failed.fail(failure);
    }
  }

  private void close() {
    if (state == State.CLOSED) {
      return;
    }
    state = State.CLOSED;
    if (channel != null) {
      loop.removeHandler(channel);
      try {
        channel.close();
      } catch (IOException ignored) {
        // closed is all that matters; nothing more can be done with it
      }
    }
    pool.closed(this);
  }
}
