package dev.ioloop.http.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ioloop.http.codec.Feeding.Outcome;
import dev.ioloop.http.codec.MessageSamples.RequestSample;
import dev.ioloop.http.codec.MessageSamples.ResponseSample;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The parsers' promises over generated input fed in random splits: valid messages parse to what was sent however
 * the bytes arrive; anything else fails only with {@link HttpParseException}, with the same error for every split,
 * and never makes a parser hold more than its limits ({@link Feeding} checks that after every call, and lets any
 * other exception fail the property). Each property is a test of many tries on random input; {@link Tries} tells
 * how to replay a failing one.
 */
class HttpParserProperties {
  /** Small limits, so that generated and mutated messages run into them often. */
  private static final HttpLimits SMALL = new HttpLimits(160, 120);
  private static final Set<Integer> REQUEST_ERROR_STATUSES = Set.of(400, 413, 431, 501);

  @Test
  void pipelinedRequestsParseToWhatWasSentHoweverSplit(TestInfo test) {
    Tries.run(test, 400, random -> {
      List<RequestSample> pipeline = pipeline(random);
      Outcome<HttpRequest> outcome = Feeding.inPieces(new HttpRequestParser(), concat(pipeline), pieceSizes(random));
      assertEquals(new Outcome<>(pipeline.stream().map(RequestSample::expected).toList(), null, null), outcome);
    });
  }

  @Test
  void mutatedRequestsFailOnlyWithTheCodecsErrorWhateverTheSplit(TestInfo test) {
    Tries.run(test, 600, random -> {
      byte[] mutated = Mutation.applyAll(Mutation.mutations(random), concat(pipeline(random)));
      assertSameOutcomeWhateverTheSplit(mutated, pieceSizes(random));
    });
  }

  @Test
  void requestsWithMutatedBodiesFailOnlyWithTheCodecsErrorWhateverTheSplit(TestInfo test) {
    Tries.run(test, 600, random -> {
      byte[] bytes = MessageSamples.request(random).bytes();
      int bodyStart = headLength(bytes);
      ByteArrayOutputStream mutated = new ByteArrayOutputStream();
      mutated.write(bytes, 0, bodyStart);
      mutated.writeBytes(
          Mutation.applyAll(Mutation.mutations(random), Arrays.copyOfRange(bytes, bodyStart, bytes.length)));
      assertSameOutcomeWhateverTheSplit(mutated.toByteArray(), pieceSizes(random));
    });
  }

  @Test
  void randomBytesFailOnlyWithTheCodecsError(TestInfo test) {
    Tries.run(test, 300, random -> {
      byte[] bytes = Draw.bytes(random, Draw.size(random, 0, 600));
      assertSameOutcomeWhateverTheSplit(bytes, pieceSizes(random));
    });
  }

  @Test
  void aResponseParsesToWhatWasSentHoweverSplit(TestInfo test) {
    Tries.run(test, 400, random -> {
      ResponseSample sample = MessageSamples.response(random);
      HttpResponseParser parser = new HttpResponseParser();
      Outcome<ReceivedResponse> outcome = Feeding.inPieces(parser, sample.bytes(), pieceSizes(random));
      if (sample.endsAtClose()) {
        assertEquals(new Outcome<>(List.of(), null, null), outcome);
        assertEquals(sample.expected(), parser.endOfInput());
      } else {
        assertEquals(new Outcome<>(List.of(sample.expected()), null, null), outcome);
      }
    });
  }

  @Test
  void mutatedResponsesFailOnlyWith502WhateverTheSplit(TestInfo test) {
    Tries.run(test, 400, random -> {
      byte[] mutated = Mutation.applyAll(Mutation.mutations(random), MessageSamples.response(random).bytes());
      Outcome<ReceivedResponse> whole = Feeding.whole(new HttpResponseParser(SMALL), mutated);
      assertEquals(whole, Feeding.inPieces(new HttpResponseParser(SMALL), mutated, pieceSizes(random)));
      assertTrue(whole.errorStatus() == null || whole.errorStatus() == 502, () -> "status of " + whole);
    });
  }

  @Test
  void theRequestParserTakesNoBytePastTheRequestItReturns(TestInfo test) {
    Tries.run(test, 200, random -> {
      List<RequestSample> pipeline = pipeline(random);
      HttpRequestParser parser = new HttpRequestParser();
      ByteBuffer input = ByteBuffer.wrap(concat(pipeline));
      for (RequestSample sample : pipeline) {
        int start = input.position();
        assertEquals(sample.expected(), parser.parse(input));
        assertEquals(sample.bytes().length, input.position() - start);
      }
      assertNull(parser.parse(input));
      assertFalse(input.hasRemaining());
    });
  }

  /** One to four requests, sent back to back. */
  private static List<RequestSample> pipeline(RandomGenerator random) {
    return Draw.list(random, 1, 4, MessageSamples::request);
  }

  /**
   * How to split the input: one to three bytes at a time, in up to 2000 pieces, or up to 200 bytes at a time, in up
   * to 20; whatever the pieces leave arrives in one last piece. Piece counts are uniform, not {@link Draw#size}'s
   * small ones, so that small pieces often reach deep into a message.
   */
  private static List<Integer> pieceSizes(RandomGenerator random) {
    return random.nextBoolean() ? pieces(random, 2000, 3) : pieces(random, 20, 200);
  }

  private static List<Integer> pieces(RandomGenerator random, int maxCount, int maxSize) {
    return Stream.generate(() -> Draw.between(random, 1, maxSize)).limit(Draw.between(random, 0, maxCount)).toList();
  }

  /**
   * Parses {@code bytes} whole, with small limits, and in pieces with both limits: an error is the codec's own with
   * a request status and a one-line reason, and the split changes nothing.
   */
  private static void assertSameOutcomeWhateverTheSplit(byte[] bytes, List<Integer> pieces) {
    for (HttpLimits limits : List.of(HttpLimits.DEFAULT, SMALL)) {
      Outcome<HttpRequest> whole = Feeding.whole(new HttpRequestParser(limits), bytes);
      assertEquals(whole, Feeding.inPieces(new HttpRequestParser(limits), bytes, pieces), "the split mattered");
      if (whole.errorStatus() != null) {
        assertTrue(REQUEST_ERROR_STATUSES.contains(whole.errorStatus()), () -> "status of " + whole);
        assertFalse(whole.errorReason().isBlank() || whole.errorReason().contains("\n"), "one-line reason");
      }
    }
  }

  /** Where the head ends: after the blank line that follows the request line. */
  private static int headLength(byte[] message) {
    int requestLine = 0;
    while (requestLine + 1 < message.length && message[requestLine] == '\r' && message[requestLine + 1] == '\n') {
      requestLine += 2; // blank lines before the request line
    }
    for (int i = requestLine + 3; i < message.length; i++) {
      if (message[i - 3] == '\r' && message[i - 2] == '\n' && message[i - 1] == '\r' && message[i] == '\n') {
        return i + 1;
      }
    }
    return message.length;
  }

  private static byte[] concat(List<RequestSample> samples) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    samples.forEach(sample -> bytes.writeBytes(sample.bytes()));
    return bytes.toByteArray();
  }
}
