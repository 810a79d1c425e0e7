package dev.sqliterest.rest;

import dev.sqliterest.rest.error.ApiError;
import java.util.Optional;

/**
 * Which request paths the server answers, and as what: {@code /} is the OpenAPI description, {@code
 * /{table_or_view}} one non-empty segment (percent-decoded, so Unicode and spaces work; {@code
 * /books/} is not one). Everything else is PostgREST's 404 PGRST125 ({@link
 * ApiError#invalidPath()}). The one owner of the rule: the transport asks it before authentication,
 * and {@link RestApi} asks it for the target.
 */
public final class ApiPaths {

  /** What a path addresses. */
  public sealed interface Route {}

  /** {@code /}: the OpenAPI description of what the caller may read. */
  public record Description() implements Route {}

  /** {@code /{name}}: a table or view. */
  public record Relation(String name) implements Route {}

  /** Anything else: 404 PGRST125. */
  public record Invalid() implements Route {}

  private ApiPaths() {}

  /** What {@code path} addresses. */
  public static Route route(String path) {
    if (path == null || path.isEmpty() || path.charAt(0) != '/') {
      return new Invalid();
    }
    if (path.equals("/")) {
      return new Description();
    }
    String name = path.substring(1);
    return name.indexOf('/') >= 0 ? new Invalid() : new Relation(name);
  }

  /** The table or view a path addresses, or empty when it addresses none. */
  public static Optional<String> target(String path) {
    return route(path) instanceof Relation r ? Optional.of(r.name()) : Optional.empty();
  }
}
