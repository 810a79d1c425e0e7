package dev.sqliterest.server.http;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cross-origin resource sharing for the API (configured by {@code --cors-allowed-origins}).
 *
 * <p>Actual responses to an allowed origin carry {@code Access-Control-Allow-Origin} and expose the
 * headers PostgREST clients read ({@code Content-Range}, {@code Range-Unit}, {@code Location},
 * {@code Preference-Applied}, …), which sqlite-rest's {@code AllowAll} does not, so browsers can
 * read counts. Preflights are answered here without reaching the engine. With {@code *} any origin
 * is allowed (sqlite-rest's default) and no credentials are allowed, so {@code *} is sent as is; a
 * list of origins is matched exactly and the matching origin is echoed with {@code Vary: Origin}.
 * An empty list turns CORS off.
 */
final class Cors {

  static final String EXPOSED_HEADERS =
      "Content-Encoding, Content-Location, Content-Range, Content-Type, Date, Location, Server,"
          + " Transfer-Encoding, Range-Unit, Preference-Applied, Replication-Txid, X-Request-Id";
  static final String ALLOWED_METHODS = "GET, POST, PATCH, PUT, DELETE, OPTIONS, HEAD";
  static final String DEFAULT_ALLOWED_HEADERS =
      "Authorization, Content-Type, Accept, Accept-Profile, Content-Profile, Prefer, Range,"
          + " Range-Unit, apikey, X-Client-Info, X-Request-Id";
  static final String MAX_AGE_SECONDS = "86400";

  private final boolean enabled;
  private final boolean anyOrigin;
  private final Set<String> origins;

  Cors(List<String> allowedOrigins) {
    this.enabled = !allowedOrigins.isEmpty();
    this.anyOrigin = allowedOrigins.contains("*");
    this.origins = Set.copyOf(allowedOrigins);
  }

  /** True for a CORS preflight: OPTIONS with an Origin and Access-Control-Request-Method. */
  boolean isPreflight(String method, String origin, String requestedMethod) {
    return enabled && method.equals("OPTIONS") && origin != null && requestedMethod != null;
  }

  /** Headers answering a preflight; none when the origin is not allowed (the browser blocks). */
  void addPreflightHeaders(String origin, String requestedHeaders, Map<String, List<String>> out) {
    if (!allows(origin)) {
      return;
    }
    addOrigin(origin, out);
    out.put("Access-Control-Allow-Methods", List.of(ALLOWED_METHODS));
    out.put(
        "Access-Control-Allow-Headers",
        List.of(
            requestedHeaders == null || requestedHeaders.isBlank()
                ? DEFAULT_ALLOWED_HEADERS
                : requestedHeaders));
    out.put("Access-Control-Max-Age", List.of(MAX_AGE_SECONDS));
  }

  /** Adds the CORS headers of an actual (non-preflight) response. */
  void addResponseHeaders(String origin, Map<String, List<String>> out) {
    if (origin == null || !allows(origin)) {
      return;
    }
    addOrigin(origin, out);
    out.put("Access-Control-Expose-Headers", List.of(EXPOSED_HEADERS));
  }

  private boolean allows(String origin) {
    return enabled && (anyOrigin || origins.contains(origin));
  }

  private void addOrigin(String origin, Map<String, List<String>> out) {
    if (anyOrigin) {
      out.put("Access-Control-Allow-Origin", List.of("*"));
    } else {
      out.put("Access-Control-Allow-Origin", List.of(origin));
      out.put("Vary", List.of("Origin"));
    }
  }
}
