package dev.sqliterest.server.testing;

import dev.sqliterest.server.auth.AuthenticationException;

/** Builds authentication failures for fake authenticators (one place for the constructor). */
public final class AuthFailures {

  private AuthFailures() {}

  public static AuthenticationException reject(String reason) {
    return new AuthenticationException(AuthenticationException.INVALID_TOKEN, reason);
  }
}
