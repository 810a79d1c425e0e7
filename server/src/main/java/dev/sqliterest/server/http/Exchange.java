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
 * @param rows rows in the response, when known (from {@code Content-Range})
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
    /** The adapter answered itself: CORS preflight, unknown path, body too large. */
    ADAPTER,
    /** An unexpected failure became a 500. */
    INTERNAL_ERROR
  }
}
