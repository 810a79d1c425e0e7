package dev.sqliterest.server.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import java.time.Instant;

/** Signs HS256 tokens (the demo prints one); verifying them is {@link JwtAuthenticator}'s job. */
public final class HmacTokens {

  private HmacTokens() {}

  /**
   * A token for {@code subject} with claim {@code role}, valid from {@code issuedAt} to {@code
   * expiresAt}.
   */
  public static String sign(
      byte[] secret, String subject, String role, Instant issuedAt, Instant expiresAt) {
    return JWT.create()
        .withSubject(subject)
        .withClaim("role", role)
        .withIssuedAt(issuedAt)
        .withExpiresAt(expiresAt)
        .sign(Algorithm.HMAC256(secret));
  }
}
