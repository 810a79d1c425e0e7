package dev.sqliterest.server.auth;

import dev.sqliterest.rest.HttpRequestData.Principal;
import java.util.Optional;

/**
 * Turns the {@code Authorization} header of an API request into the caller's {@link Principal}. The
 * HTTP layer answers an {@link AuthenticationException} with 401, {@code WWW-Authenticate: Bearer}
 * and a JSON error whose hint is the exception's reason.
 */
@FunctionalInterface
public interface Authenticator {

  /**
   * Authenticates one request.
   *
   * @param authorizationHeader the raw {@code Authorization} header value, empty when absent
   */
  Principal authenticate(Optional<String> authorizationHeader) throws AuthenticationException;

  /**
   * The authenticator for {@code --auth-disabled}: every request is the anonymous principal with
   * {@code role}, whatever header it carries.
   */
  static Authenticator disabled(String role) {
    Principal anonymous = new Principal(role, java.util.Map.of());
    return header -> anonymous;
  }
}
