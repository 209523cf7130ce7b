package dev.ioloop.http.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Random draws that the generators of {@link MessageSamples} and {@link Mutation} are made of. Every bound is
 * inclusive. The lengths of lists and strings favour small values, where a parser bug shows in the fewest bytes,
 * and still reach the maximum.
 */
final class Draw {
  private Draw() {}

  /** Uniform in {@code [min, max]}. */
  static int between(RandomGenerator random, int min, int max) {
    return random.nextInt(min, max + 1);
  }

  /**
   * In {@code [min, max]}, favouring small values: uniform up to a bound that is itself uniform, so that {@code min}
   * comes often, a fifth of the time for a range of 16, and {@code max} now and then.
   */
  static int size(RandomGenerator random, int min, int max) {
    return between(random, min, between(random, min, max));
  }

  /** True with probability {@code p}. */
  static boolean chance(RandomGenerator random, double p) {
    return random.nextDouble() < p;
  }

  /** One of {@code choices}, each as likely. */
  @SafeVarargs
  static <T> T oneOf(RandomGenerator random, T... choices) {
    return choices[random.nextInt(choices.length)];
  }

  /** The index of one of the weights, each index as likely as its weight. */
  static int weighted(RandomGenerator random, int... weights) {
    int pick = random.nextInt(Arrays.stream(weights).sum());
    int index = 0;
    while (pick >= weights[index]) {
      pick -= weights[index++];
    }
    return index;
  }

  /** A list of {@link #size} elements, each drawn by {@code element}. */
  static <T> List<T> list(RandomGenerator random, int minSize, int maxSize,
      Function<RandomGenerator, T> element) {
    int size = size(random, minSize, maxSize);
    List<T> list = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      list.add(element.apply(random));
    }
    return list;
  }

  /** A string of {@link #size} characters, each any of {@code alphabet}. */
  static String string(RandomGenerator random, String alphabet, int minLength, int maxLength) {
    return string(random, alphabet, size(random, minLength, maxLength));
  }

  /** A string of {@code length} characters, each any of {@code alphabet}. */
  static String string(RandomGenerator random, String alphabet, int length) {
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return text.toString();
  }

  /** {@code length} bytes, any value each. */
  static byte[] bytes(RandomGenerator random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }
}
