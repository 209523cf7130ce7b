package dev.ioloop.bench.reference;

import dev.ioloop.api.server.ServerConfig;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The industrial reactor next to ours: Netty 4.2 on its NIO transport (the same JDK selector ours uses, no epoll
 * native), one event loop per core like the reactor's default, answering {@code /api/hello} and
 * {@code /api/sleep?ms=N} with the same bytes. The sleep is a timer on the channel's event loop, as the reactor's
 * {@code callLater}. Written the way Netty's own examples are: codec, keep-alive handler, write on read and flush
 * when the read burst ends.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.ioloop.bench.reference.NettyReferenceServer PORT}; stops on SIGTERM.
 */
public final class NettyReferenceServer {
  private NettyReferenceServer() {}

  public static void main(String[] args) throws InterruptedException {
    int port = Integer.parseInt(args[0]);
    EventLoopGroup loops = new MultiThreadIoEventLoopGroup(
        Runtime.getRuntime().availableProcessors(), NioIoHandler.newFactory());
    try {
      Channel listener = new ServerBootstrap()
          .group(loops)
          .channel(NioServerSocketChannel.class)
          .option(ChannelOption.SO_BACKLOG, ServerConfig.ACCEPT_BACKLOG) // as every lab server
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel channel) {
              channel.pipeline().addLast(new HttpServerCodec(), new HttpServerKeepAliveHandler(), new Endpoints());
            }
          })
          .bind("127.0.0.1", port).sync().channel();
      System.out.println("netty listening on http://127.0.0.1:" + port);
      listener.closeFuture().sync();
    } finally {
      loops.shutdownGracefully();
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
