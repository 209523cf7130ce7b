package dev.ioloop.bench.reference;

import dev.ioloop.api.server.ServerConfig;
import dev.ioloop.tooling.cli.ExitCode;
import dev.ioloop.tooling.cli.MissingEnvironmentException;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The industrial reactor next to ours: Netty 4.2 on its NIO transport (the same JDK selector ours uses) or, as a
 * second reference, on its native epoll transport; one event loop per core like the reactor's default, answering
 * {@code /api/hello} and {@code /api/sleep?ms=N} with the same bytes. The sleep is a timer on the channel's event
 * loop, as the reactor's {@code callLater}. Written the way Netty's own examples are: codec, keep-alive handler,
 * write on read and flush when the read burst ends.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.ioloop.bench.reference.NettyReferenceServer PORT nio|epoll}; stops on
 * SIGTERM.
 */
public final class NettyReferenceServer {
  private NettyReferenceServer() {}

  /** Netty's two ways to wait for sockets on Linux: the JDK's selector, or its own JNI binding of epoll. */
  public enum Transport {
    /** The JDK's {@code Selector}, as the lab's reactor uses it. */
    NIO,
    /** Netty's native epoll ({@code netty-transport-native-epoll}, linux-x86_64): no JDK selector in between. */
    EPOLL;

    /** The transport named {@code nio} or {@code epoll}. */
    public static Transport named(String name) {
      return Arrays.stream(values()).filter(transport -> transport.name().equalsIgnoreCase(name)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("unknown transport '" + name + "'; choose nio or epoll"));
    }

    /** Epoll's native library loads only on Linux x86_64 with a working JNI: say why not, in Netty's words. */
    public void requireAvailable() {
      if (this == EPOLL && !Epoll.isAvailable()) {
        throw new MissingEnvironmentException("Netty's native epoll transport is not available here: "
            + Epoll.unavailabilityCause(), "run the bench without netty-epoll (--servers)");
      }
    }

    private IoHandlerFactory handlers() {
      return this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }

    private Class<? extends ServerChannel> listenerClass() {
      return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }
  }

  /** A listening server: its event loops and its listening channel, both let go by {@link #close}. */
  public record Running(EventLoopGroup loops, Channel listener) implements AutoCloseable {
    public int port() {
      return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    @Override
    public void close() throws InterruptedException {
      listener.close().sync();
      loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).sync();
    }
  }

  /** Usage: {@code PORT nio|epoll}. */
  public static void main(String[] args) throws InterruptedException {
    Transport transport = Transport.named(args[1]);
    Running started = null;
    try {
      started = start(transport, Integer.parseInt(args[0]));
    } catch (MissingEnvironmentException unavailable) {
      System.err.println("netty: " + unavailable.getMessage());
      System.exit(ExitCode.MISSING_ENVIRONMENT);
    }
    try (Running server = started) {
      System.out.println("netty (" + transport.name().toLowerCase(Locale.ROOT) + ") listening on http://127.0.0.1:"
          + server.port());
      server.listener().closeFuture().sync();
    }
  }

  /** Listens on 127.0.0.1:{@code port} (0: any free port) with one event loop per core, like the reactor's default. */
  public static Running start(Transport transport, int port) throws InterruptedException {
    transport.requireAvailable();
    EventLoopGroup loops = new MultiThreadIoEventLoopGroup(
        Runtime.getRuntime().availableProcessors(), transport.handlers());
    try {
      Channel listener = new ServerBootstrap()
          .group(loops)
          .channel(transport.listenerClass())
          .option(ChannelOption.SO_BACKLOG, ServerConfig.ACCEPT_BACKLOG) // as every lab server
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel channel) {
              channel.pipeline().addLast(new HttpServerCodec(), new HttpServerKeepAliveHandler(), new Endpoints());
            }
          })
          .bind("127.0.0.1", port).sync().channel();
      return new Running(loops, listener);
    } catch (InterruptedException | RuntimeException e) {
      loops.shutdownGracefully();
      throw e;
    }
  }

  /** One per connection; a GET carries no body, so the request's content parts are let go. */
  private static final class Endpoints extends SimpleChannelInboundHandler<HttpObject> {
    @Override
    protected void channelRead0(ChannelHandlerContext context, HttpObject message) {
      if (!(message instanceof HttpRequest request)) {
        return;
      }
      QueryStringDecoder target = new QueryStringDecoder(request.uri());
      ReferenceAnswer answer = ReferenceAnswer.of(target.path(), firstValues(target.parameters()));
      FullHttpResponse response = toResponse(answer);
      HttpUtil.setKeepAlive(response, HttpUtil.isKeepAlive(request));
      if (answer.delayMillis() == 0) {
        context.write(response); // flushed in channelReadComplete, with the rest of this read's answers
      } else {
        context.executor().schedule(() -> context.writeAndFlush(response), answer.delayMillis(), TimeUnit.MILLISECONDS);
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) {
      context.flush();
    }

    /**
     * A peer that resets its connection (wrk ending a run with thousands of them) is no fault of the server's: the
     * connection is closed, as the lab's servers close theirs, without Netty's default warning and stack trace for
     * each one, which would write megabytes of log and bill the server's CPU for them.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
      context.close();
    }

    private static FullHttpResponse toResponse(ReferenceAnswer answer) {
      FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
          HttpResponseStatus.valueOf(answer.status()), Unpooled.wrappedBuffer(answer.body()));
      // Spelled as the lab's servers spell them; Netty keeps the case it is given.
      response.headers().set("Content-Type", ReferenceAnswer.CONTENT_TYPE);
      response.headers().set("Content-Length", answer.body().length);
      return response;
    }

    private static Map<String, String> firstValues(Map<String, List<String>> parameters) {
      Map<String, String> first = new HashMap<>();
      parameters.forEach((name, values) -> first.put(name, values.getFirst()));
      return first;
    }
  }
}
