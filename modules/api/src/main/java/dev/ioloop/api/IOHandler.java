package dev.ioloop.api;

import java.nio.channels.SelectableChannel;

/** Called on the loop thread when a registered channel is ready; {@code events} is a mask of {@link IOLoop#READ} etc. */
@FunctionalInterface
public interface IOHandler {
  void handle(SelectableChannel channel, int events) throws Exception;
}
