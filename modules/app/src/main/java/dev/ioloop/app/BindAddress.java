package dev.ioloop.app;

import java.net.InetAddress;

/** The {@code --bind ADDRESS} of serve and backend: a literal IPv4 or IPv6 address, never a name to look up. */
final class BindAddress {
  private BindAddress() {}

  /** The address as the servers bind it; a name or a malformed address is refused (a bad option). */
  static String require(String address) {
    String literal = address.startsWith("[") && address.endsWith("]")
        ? address.substring(1, address.length() - 1) : address;
    try {
      return InetAddress.ofLiteral(literal).getHostAddress();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--bind takes an IP address (127.0.0.1, 0.0.0.0, 198.18.0.1, ::1), not '" + address + "'");
    }
  }
}
