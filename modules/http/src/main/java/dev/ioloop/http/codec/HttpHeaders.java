package dev.ioloop.http.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Header fields in the order they arrived, looked up by name regardless of case (RFC 9110 §5.1). Immutable.
 *
 * <p>A flat array rather than a map: messages carry a handful of fields, and a linear scan over them is faster than
 * hashing a case-folded copy of every name.
 */
public final class HttpHeaders {
  public static final HttpHeaders EMPTY = new HttpHeaders(new String[0]);

  private final String[] namesAndValues; // name i at 2i, its value at 2i + 1

  private HttpHeaders(String[] namesAndValues) {
    this.namesAndValues = namesAndValues;
  }

  /** Headers from alternating names and values: {@code of("Allow", "GET", "Cache-Control", "no-store")}. */
  public static HttpHeaders of(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("names and values must alternate: got an odd count " + namesAndValues.length);
    }
    for (String nameOrValue : namesAndValues) {
      Objects.requireNonNull(nameOrValue, "header names and values must not be null");
    }
    return new HttpHeaders(namesAndValues.clone());
  }

  public int size() {
    return namesAndValues.length / 2;
  }

  public String name(int index) {
    return namesAndValues[Objects.checkIndex(index, size()) * 2];
  }

  public String value(int index) {
    return namesAndValues[Objects.checkIndex(index, size()) * 2 + 1];
  }

  /** The value of the first field named {@code name}. */
  public Optional<String> first(String name) {
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (namesAndValues[i].equalsIgnoreCase(name)) {
        return Optional.of(namesAndValues[i + 1]);
      }
    }
    return Optional.empty();
  }

  /** The values of every field named {@code name}, in order. */
  public List<String> all(String name) {
    List<String> values = new ArrayList<>(1);
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (namesAndValues[i].equalsIgnoreCase(name)) {
        values.add(namesAndValues[i + 1]);
      }
    }
    return values;
  }

  public boolean contains(String name) {
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (namesAndValues[i].equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  /** These headers and one more field at the end. */
  public HttpHeaders with(String name, String value) {
    String[] more = Arrays.copyOf(namesAndValues, namesAndValues.length + 2);
    more[namesAndValues.length] = Objects.requireNonNull(name, "name");
    more[namesAndValues.length + 1] = Objects.requireNonNull(value, "value");
    return new HttpHeaders(more);
  }

  /**
   * The elements of the comma-separated lists in every field named {@code name}, in order, without the optional
   * whitespace around them; empty elements are dropped, as RFC 9110 §5.6.1 asks of recipients.
   */
  List<String> listElements(String name) {
    List<String> elements = new ArrayList<>(2);
    for (String value : all(name)) {
      for (String element : value.split(",", -1)) {
        String trimmed = element.strip();
        if (!trimmed.isEmpty()) {
          elements.add(trimmed);
        }
      }
    }
    return elements;
  }

  /**
   * Whether a list-valued field such as {@code Connection} names {@code token}, in any case. The same elements as
   * {@link #listElements}, compared in place: it runs for every message.
   */
  boolean hasToken(String name, String token) {
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (namesAndValues[i].equalsIgnoreCase(name) && listHas(namesAndValues[i + 1], token)) {
        return true;
      }
    }
    return false;
  }

  private static boolean listHas(String list, String token) {
    int start = 0;
    while (start <= list.length()) {
      int comma = list.indexOf(',', start);
      int end = comma < 0 ? list.length() : comma;
      int from = start;
      int to = end;
      while (from < to && Character.isWhitespace(list.charAt(from))) {
        from++;
      }
      while (to > from && Character.isWhitespace(list.charAt(to - 1))) {
        to--;
      }
      if (to - from == token.length() && list.regionMatches(true, from, token, 0, token.length())) {
        return true;
      }
      start = end + 1;
    }
    return false;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof HttpHeaders headers && Arrays.equals(namesAndValues, headers.namesAndValues);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(namesAndValues);
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("{");
    for (int i = 0; i < namesAndValues.length; i += 2) {
      text.append(i == 0 ? "" : ", ").append(namesAndValues[i]).append(": ").append(namesAndValues[i + 1]);
    }
    return text.append('}').toString();
  }

  /** Collects the fields of one message as a parser reads them; reused from message to message. */
  static final class Builder {
    private String[] namesAndValues = new String[16];
    private int length;

    void add(String name, String value) {
      if (length == namesAndValues.length) {
        namesAndValues = Arrays.copyOf(namesAndValues, length * 2);
      }
      namesAndValues[length++] = name;
      namesAndValues[length++] = value;
    }

    HttpHeaders build() {
      return length == 0 ? EMPTY : new HttpHeaders(Arrays.copyOf(namesAndValues, length));
    }

    void clear() {
      Arrays.fill(namesAndValues, 0, length, null); // let the last message's strings go
      length = 0;
    }
  }
}
