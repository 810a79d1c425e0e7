package dev.sqliterest.rest;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request as the API engine sees it, independent of the server library.
 *
 * @param method upper-case HTTP method
 * @param path decoded request path, e.g. {@code /books}
 * @param rawQuery the query string as received (still percent-encoded), or empty
 * @param headers header values by lower-case header name
 * @param body the request body (empty array when there is none)
 * @param principal who is asking, as established by authentication
 */
public record HttpRequestData(
    String method,
    String path,
    String rawQuery,
    Map<String, List<String>> headers,
    byte[] body,
    Principal principal) {

  /** The first value of a header, looked up case-insensitively. */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
  }

  /** All values of a header, looked up case-insensitively. */
  public List<String> headers(String name) {
    return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
  }

  /**
   * The authenticated caller.
   *
   * @param role the role taken from the JWT (or the anonymous/default role)
   * @param claims all JWT claims, as plain Java values
   */
  public record Principal(String role, Map<String, Object> claims) {
    public static final Principal ANONYMOUS = new Principal("anon", Map.of());
  }
}
