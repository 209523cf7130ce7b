package dev.ioloop.http.codec;

import java.nio.charset.StandardCharsets;

/** Byte classes of HTTP/1.1's grammar (RFC 9110 §5.6, RFC 9112), by table lookup rather than character decoding. */
final class HttpSyntax {
  static final byte CR = '\r';
  static final byte LF = '\n';
  static final byte SP = ' ';
  static final byte HTAB = '\t';

  private static final boolean[] TCHAR = new boolean[128];

  static {
    for (char c : "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".toCharArray()) {
      TCHAR[c] = true;
    }
  }

  private HttpSyntax() {}

  /** A token character: what methods, header names and transfer codings are made of. */
  static boolean isTchar(int c) {
    return c >= 0 && c < TCHAR.length && TCHAR[c];
  }

  static boolean isToken(String text) {
    if (text.isEmpty()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      if (!isTchar(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the octet (0..255, or a char) may appear in a header line: anything but control characters and DEL.
   * HTAB is whitespace, and 0x80..0xFF (obs-text) are bytes of other encodings that we pass on as they are.
   */
  static boolean isFieldText(int c) {
    return c == HTAB || (c >= 0x20 && c != 0x7F && c <= 0xFF);
  }

  static boolean isWhitespace(byte b) {
    return b == SP || b == HTAB;
  }

  /** Whether the text is visible US-ASCII, as a request target is (RFC 3986: no spaces, no other encodings). */
  static boolean isVisibleAscii(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c <= 0x20 || c >= 0x7F) {
        return false;
      }
    }
    return true;
  }

  static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  /** The value of a hexadecimal digit, or -1. */
  static int hexValue(int c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    int lower = c | 0x20;
    return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
  }

  /**
   * The bytes as a string, one char per byte. For ASCII and for obs-text this is exact and, with compact strings,
   * a plain array copy: no charset decoder runs.
   */
  static String latin1(byte[] bytes, int from, int to) {
    return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
  }
}
