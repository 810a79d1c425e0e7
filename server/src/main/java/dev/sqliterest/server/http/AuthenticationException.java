package dev.sqliterest.server.http;

/**
 * A request that cannot be authenticated. The message is the client-visible reason (it goes into
 * the {@code hint} of the 401 body, as sqlite-rest does), so it must not leak key material.
 */
public final class AuthenticationException extends Exception {

  private final String code;

  /**
   * @param code PostgREST's code: PGRST302 for a missing token, PGRST301 for an undecodable or
   *     badly signed one, PGRST303 for failed claims (expired, not yet valid, wrong audience)
   * @param reason what is wrong with the credentials
   */
  public AuthenticationException(String code, String reason) {
    super(reason);
    this.code = code;
  }

  public static AuthenticationException missingToken() {
    return new AuthenticationException("PGRST302", "missing auth header");
  }

  public String code() {
    return code;
  }
}
