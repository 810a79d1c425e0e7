package dev.sqliterest.server.auth;

/**
 * A request could not be authenticated. {@link #reason()} is safe to show to the client (it is the
 * {@code hint} of sqlite-rest's {@code {"message":"Unauthorized","hint":…}} body) and never holds
 * key material or server paths; {@link #code()} is PostgREST's error code for the case.
 */
public final class AuthenticationException extends Exception {

  /** No {@code Authorization} header. */
  public static final String MISSING_TOKEN = "PGRST302";

  /** The header or token cannot be decoded, or its signature or algorithm is wrong. */
  public static final String INVALID_TOKEN = "PGRST301";

  /** A claim failed validation: expired, not yet valid, issued in the future, audience, role. */
  public static final String INVALID_CLAIMS = "PGRST303";

  private final String code;
  private final String reason;

  public AuthenticationException(String code, String reason) {
    super(reason);
    this.code = code;
    this.reason = reason;
  }

  public AuthenticationException(String code, String reason, Throwable cause) {
    super(reason, cause);
    this.code = code;
    this.reason = reason;
  }

  /**
   * PostgREST's code: {@link #MISSING_TOKEN}, {@link #INVALID_TOKEN} or {@link #INVALID_CLAIMS}.
   */
  public String code() {
    return code;
  }

  /** Why the request was rejected, e.g. {@code "token has expired"}. */
  public String reason() {
    return reason;
  }
}
