package dev.sqliterest.server.http;

import dev.sqliterest.rest.HttpRequestData.Principal;

/**
 * Establishes who sent an API request from its {@code Authorization} header. The HTTP adapter
 * calls it for every API request before the engine sees it; a failure becomes a 401 with {@code
 * WWW-Authenticate: Bearer} and PostgREST-style JSON.
 */
@FunctionalInterface
public interface Authenticator {

  /** Lets every request through as {@link Principal#ANONYMOUS} ({@code --auth-disabled}). */
  Authenticator DISABLED = header -> Principal.ANONYMOUS;

  /**
   * Returns the caller, or throws when the request must be refused.
   *
   * @param authorizationHeader the header value, or null when the request has none
   */
  Principal authenticate(String authorizationHeader) throws AuthenticationException;
}
