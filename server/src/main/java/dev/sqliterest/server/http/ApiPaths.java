package dev.sqliterest.server.http;

import java.util.Optional;

/**
 * Which request paths go to the API engine: {@code /{table_or_view}}, one non-empty segment
 * (percent-decoded, so Unicode and spaces work). Everything else, {@code /} included, is answered
 * by the adapter with PostgREST's 404 PGRST125 until the engine serves more (OpenAPI at {@code /},
 * {@code /rpc/…}); widen {@link #target} then.
 */
final class ApiPaths {

  private ApiPaths() {}

  /** The table or view a path addresses, or empty when the path is not an API path. */
  static Optional<String> target(String path) {
    if (path == null || path.length() < 2 || path.charAt(0) != '/') {
      return Optional.empty();
    }
    String name = path.substring(1);
    return name.indexOf('/') >= 0 ? Optional.empty() : Optional.of(name);
  }
}
