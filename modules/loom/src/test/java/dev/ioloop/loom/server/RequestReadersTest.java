package dev.ioloop.loom.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.ioloop.http.codec.HttpLimits;
import dev.ioloop.http.codec.MessageProgress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestReadersTest {
  private final RequestReaders readers = new RequestReaders(HttpLimits.DEFAULT);

  @Test
  void aNewReaderHasNothingToParseAndAFullBufferToReadInto() {
    RequestReaders.Reader reader = readers.take();
    assertFalse(reader.input().hasRemaining());
    assertEquals(RequestReaders.READ_BUFFER_BYTES, reader.input().capacity());
    assertEquals(MessageProgress.IDLE, reader.parser().progress());
  }

  @Test
  void aReaderGivenBackIsLentAgainInsteadOfANewOne() {
    RequestReaders.Reader reader = readers.take();
    readers.giveBack(reader);
    assertSame(reader, readers.take());
    assertNotSame(reader, readers.take(), "the pool had only the one");
  }

  @Test
  void thePoolKeepsAtMostMaxIdleAndDropsTheRest() {
    List<RequestReaders.Reader> lent = new ArrayList<>();
    for (int i = 0; i <= RequestReaders.MAX_IDLE; i++) {
      lent.add(readers.take());
    }
    lent.forEach(readers::giveBack);
    List<RequestReaders.Reader> again = new ArrayList<>();
    for (int i = 0; i < RequestReaders.MAX_IDLE; i++) {
      again.add(readers.take());
    }
    assertEquals(lent.subList(0, RequestReaders.MAX_IDLE), again, "the first MAX_IDLE given back, in order");
    assertFalse(lent.contains(readers.take()), "the one past MAX_IDLE was dropped: a new one is made");
  }
}
