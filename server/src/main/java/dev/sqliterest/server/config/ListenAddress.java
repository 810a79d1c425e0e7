package dev.sqliterest.server.config;

import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * A TCP listen address written Go-style: {@code :8080} (all interfaces), {@code 127.0.0.1:8080},
 * {@code [::1]:8080} or {@code localhost:0} (any free port).
 *
 * @param host the interface to bind, or empty for all interfaces
 * @param port the port, 0 for an ephemeral one
 */
public record ListenAddress(Optional<String> host, int port) {

  public ListenAddress {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
  }

  /** Parses {@code text}; {@code flag} names the option in the error message. */
  public static ListenAddress parse(String flag, String text) {
    String value = text.strip();
    int colon = value.lastIndexOf(':');
    if (colon < 0) {
      throw new ConfigException(
          flag
              + ": \""
              + text
              + "\" is not a listen address; write host:port or :port,"
              + " e.g. :8080");
    }
    String host = value.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(value.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new ConfigException(flag + ": \"" + text + "\" has no valid port number", e);
    }
    if (port < 0 || port > 65535) {
      throw new ConfigException(flag + ": port " + port + " is out of range 0-65535");
    }
    return new ListenAddress(host.isEmpty() ? Optional.empty() : Optional.of(host), port);
  }

  /** Parses an address that may be empty or blank to switch the listener off. */
  public static Optional<ListenAddress> parseOptional(String flag, String text) {
    return text == null || text.isBlank() ? Optional.empty() : Optional.of(parse(flag, text));
  }

  /** This address, bound to {@code 127.0.0.1} when it names no host ({@code :6060}). */
  public ListenAddress loopbackUnlessHostGiven() {
    return host.isPresent() ? this : loopback(port);
  }

  public static ListenAddress loopback(int port) {
    return new ListenAddress(Optional.of("127.0.0.1"), port);
  }

  public InetSocketAddress toSocketAddress() {
    return host.map(h -> new InetSocketAddress(h, port))
        .orElseGet(() -> new InetSocketAddress(port));
  }

  @Override
  public String toString() {
    return host.map(h -> h.contains(":") ? "[" + h + "]" : h).orElse("") + ":" + port;
  }
}
