package dev.sqliterest.server.auth;

/**
 * A request could not be authenticated. {@link #reason()} is safe to show to the client (it is the
 * {@code hint} of sqlite-rest's {@code {"message":"Unauthorized","hint":…}} body) and never holds
 * key material or server paths.
 */
public final class AuthenticationException extends Exception {

  private final String reason;

  public AuthenticationException(String reason) {
    super(reason);
    this.reason = reason;
  }

  public AuthenticationException(String reason, Throwable cause) {
    super(reason, cause);
    this.reason = reason;
  }

  /** Why the request was rejected, e.g. {@code "token has expired"}. */
  public String reason() {
    return reason;
  }
}
