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

  /** Where the console is: its page, its files and its status document. */
  public static final String CONSOLE = "/_console/";

  /** What a path addresses. */
  public sealed interface Route {}

  /** {@code /}: the OpenAPI description of what the caller may read. */
  public record Description() implements Route {}

  /** {@code /{name}}: a table or view. */
  public record Relation(String name) implements Route {}

  /**
   * {@code /_console/{file}}: the console ({@code file} is empty for its page). The page and its
   * files hold no data and need no token (the page asks for one); {@code status} is authenticated
   * like the API.
   */
  public record Console(String file) implements Route {

    /** The status document's name. */
    public static final String STATUS = "status";

    public boolean needsCaller() {
      return file.equals(STATUS);
    }
  }

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
    if (path.startsWith(CONSOLE)) {
      return new Console(path.substring(CONSOLE.length()));
    }
    String name = path.substring(1);
    return name.indexOf('/') >= 0 ? new Invalid() : new Relation(name);
  }

  /** The table or view a path addresses, or empty when it addresses none. */
  public static Optional<String> target(String path) {
    return route(path) instanceof Relation r ? Optional.of(r.name()) : Optional.empty();
  }
}
