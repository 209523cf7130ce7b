package dev.ioloop.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ioloop.http.Feeding.Outcome;
import dev.ioloop.http.MessageSamples.RequestSample;
import dev.ioloop.http.MessageSamples.ResponseSample;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * The parsers' promises over generated input fed in random splits: valid messages parse to what was sent however
 * the bytes arrive; anything else fails only with {@link HttpParseException}, with the same error for every split,
 * and never makes a parser hold more than its limits ({@link Feeding} checks that after every call, and lets any
 * other exception fail the property).
 */
class HttpParserProperties {
  /** Small limits, so that generated and mutated messages run into them often. */
  private static final HttpLimits SMALL = new HttpLimits(160, 120);
  private static final Set<Integer> REQUEST_ERROR_STATUSES = Set.of(400, 413, 431, 501);

  @Provide
  Arbitrary<List<RequestSample>> pipelines() {
    return MessageSamples.requests().list().ofMinSize(1).ofMaxSize(4);
  }

  @Provide
  Arbitrary<RequestSample> requests() {
    return MessageSamples.requests();
  }

  @Provide
  Arbitrary<ResponseSample> responses() {
    return MessageSamples.responses();
  }

  @Provide
  Arbitrary<List<Integer>> pieceSizes() {
    return Arbitraries.oneOf(
        Arbitraries.integers().between(1, 3).list().ofMaxSize(2000), // down to a byte at a time
        Arbitraries.integers().between(1, 200).list().ofMaxSize(20));
  }

  @Provide
  Arbitrary<List<Mutation>> mutations() {
    return Mutation.lists();
  }

  @Property(tries = 400)
  void pipelinedRequestsParseToWhatWasSentHoweverSplit(@ForAll("pipelines") List<RequestSample> pipeline,
      @ForAll("pieceSizes") List<Integer> pieces) {
    Outcome<HttpRequest> outcome = Feeding.inPieces(new HttpRequestParser(), concat(pipeline), pieces);
    assertEquals(new Outcome<>(pipeline.stream().map(RequestSample::expected).toList(), null, null), outcome);
  }

  @Property(tries = 600)
  void mutatedRequestsFailOnlyWithTheCodecsErrorWhateverTheSplit(
      @ForAll("pipelines") List<RequestSample> pipeline, @ForAll("mutations") List<Mutation> mutations,
      @ForAll("pieceSizes") List<Integer> pieces) {
    byte[] mutated = Mutation.applyAll(mutations, concat(pipeline));
    assertSameOutcomeWhateverTheSplit(mutated, pieces);
  }

  @Property(tries = 600)
  void requestsWithMutatedBodiesFailOnlyWithTheCodecsErrorWhateverTheSplit(
      @ForAll("requests") RequestSample sample, @ForAll("mutations") List<Mutation> mutations,
      @ForAll("pieceSizes") List<Integer> pieces) {
    byte[] bytes = sample.bytes();
    int bodyStart = headLength(bytes);
    ByteArrayOutputStream mutated = new ByteArrayOutputStream();
    mutated.write(bytes, 0, bodyStart);
    mutated.writeBytes(Mutation.applyAll(mutations, Arrays.copyOfRange(bytes, bodyStart, bytes.length)));
    assertSameOutcomeWhateverTheSplit(mutated.toByteArray(), pieces);
  }

  @Property(tries = 300)
  void randomBytesFailOnlyWithTheCodecsError(@ForAll @Size(max = 600) byte[] bytes,
      @ForAll("pieceSizes") List<Integer> pieces) {
    assertSameOutcomeWhateverTheSplit(bytes, pieces);
  }

  @Property(tries = 400)
  void aResponseParsesToWhatWasSentHoweverSplit(@ForAll("responses") ResponseSample sample,
      @ForAll("pieceSizes") List<Integer> pieces) throws HttpParseException {
    HttpResponseParser parser = new HttpResponseParser();
    Outcome<ReceivedResponse> outcome = Feeding.inPieces(parser, sample.bytes(), pieces);
    if (sample.endsAtClose()) {
      assertEquals(new Outcome<>(List.of(), null, null), outcome);
      assertEquals(sample.expected(), parser.endOfInput());
    } else {
      assertEquals(new Outcome<>(List.of(sample.expected()), null, null), outcome);
    }
  }

  @Property(tries = 400)
  void mutatedResponsesFailOnlyWith502WhateverTheSplit(@ForAll("responses") ResponseSample sample,
      @ForAll("mutations") List<Mutation> mutations, @ForAll("pieceSizes") List<Integer> pieces) {
    byte[] mutated = Mutation.applyAll(mutations, sample.bytes());
    Outcome<ReceivedResponse> whole = Feeding.whole(new HttpResponseParser(SMALL), mutated);
    assertEquals(whole, Feeding.inPieces(new HttpResponseParser(SMALL), mutated, pieces));
    assertTrue(whole.errorStatus() == null || whole.errorStatus() == 502, () -> "status of " + whole);
  }

  @Property(tries = 200)
  void theRequestParserTakesNoBytePastTheRequestItReturns(@ForAll("pipelines") List<RequestSample> pipeline)
      throws HttpParseException {
    HttpRequestParser parser = new HttpRequestParser();
    ByteBuffer input = ByteBuffer.wrap(concat(pipeline));
    for (RequestSample sample : pipeline) {
      int start = input.position();
      assertEquals(sample.expected(), parser.parse(input));
      assertEquals(sample.bytes().length, input.position() - start);
    }
    assertNull(parser.parse(input));
    assertFalse(input.hasRemaining());
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
