package dev.sqliterest.server.http;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One finished request/response, as reported to {@link ExchangeListener}s (the access log, and the
 * Prometheus metrics).
 *
 * @param requestId the request id echoed in {@code X-Request-Id}
 * @param method the HTTP method
 * @param path the decoded request path
 * @param target the table or view the request addressed, empty when it addressed none
 * @param status the response status
 * @param duration time from the request's arrival to the response being handed to the server
 * @param rows rows returned, or for a write the rows it affected, when known
 * @param outcome who produced the response
 */
public record Exchange(
    String requestId,
    String method,
    String path,
    Optional<String> target,
    int status,
    Duration duration,
    OptionalLong rows,
    Outcome outcome) {

  /** Which stage produced the response; lets metrics count auth failures apart from API calls. */
  public enum Outcome {
    /** The API engine answered (success or a client/server error from the engine). */
    API,
    /** Authentication failed (401) before the engine saw the request. */
    AUTH_FAILED,
    /** The adapter answered itself: CORS preflight, unknown path. */
    ADAPTER,
    /**
     * The adapter refused an authenticated request for a table because its body is over {@code
     * --max-body-bytes} (413); a request to that table all the same, so metrics count it.
     */
    BODY_TOO_LARGE,
    /** An unexpected failure became a 500. */
    INTERNAL_ERROR
  }
}
