package dev.sqliterest.rest;

import dev.sqliterest.rest.error.ApiError;
import java.util.Optional;

/**
 * Which request paths the API engine serves: {@code /{table_or_view}}, one non-empty segment
 * (percent-decoded, so Unicode and spaces work; {@code /books/} is not one). Everything else,
 * {@code /} included, is PostgREST's 404 PGRST125 ({@link ApiError#invalidPath()}). The one owner
 * of the rule: the transport asks it to answer such paths before authentication, and {@link
 * RestApi} asks it for the table. Widen {@link #target} when the engine serves more (OpenAPI at
 * {@code /}, {@code /rpc/…}).
 */
public final class ApiPaths {

  private ApiPaths() {}

  /** The table or view a path addresses, or empty when the path is not an API path. */
  public static Optional<String> target(String path) {
    if (path == null || path.length() < 2 || path.charAt(0) != '/') {
      return Optional.empty();
    }
    String name = path.substring(1);
    return name.indexOf('/') >= 0 ? Optional.empty() : Optional.of(name);
  }
}
