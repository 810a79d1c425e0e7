package dev.sqliterest.server.auth;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How API requests are authenticated; validated once, then immutable.
 *
 * @param keys the key file that verifies tokens
 * @param audience {@code --auth-audience}: when set, a token carrying {@code aud} must name it
 * @param roleClaim path of the role claim, e.g. {@code role}, {@code $.app.role}, {@code roles[0]}
 * @param defaultRole role of a valid token that has no role claim
 * @param leeway clock skew tolerated for {@code exp}, {@code nbf} and {@code iat}
 */
public record AuthOptions(
    KeySource keys,
    Optional<String> audience,
    String roleClaim,
    String defaultRole,
    Duration leeway) {

  public static final String DEFAULT_ROLE_CLAIM = "role";
  public static final String DEFAULT_ROLE = "anon";
  public static final Duration DEFAULT_LEEWAY = Duration.ofSeconds(30);

  public AuthOptions {
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(audience, "audience");
    ClaimPath.parse(roleClaim); // fails early on a malformed path
    if (defaultRole == null || defaultRole.isBlank()) {
      throw new IllegalArgumentException("default role must not be blank");
    }
    if (leeway == null || leeway.isNegative()) {
      throw new IllegalArgumentException("leeway must be zero or positive, got " + leeway);
    }
  }

  /**
   * Tokens verified with {@code keys}, with the defaults (role claim {@code role}, 30 s leeway).
   */
  public static AuthOptions of(KeySource keys) {
    return new AuthOptions(
        keys, Optional.empty(), DEFAULT_ROLE_CLAIM, DEFAULT_ROLE, DEFAULT_LEEWAY);
  }

  /** HMAC secret file with the defaults. */
  public static AuthOptions hmac(Path tokenFile) {
    return of(new KeySource(KeySource.Kind.HMAC_SECRET, tokenFile));
  }

  /** RSA public key file with the defaults. */
  public static AuthOptions rsa(Path publicKeyFile) {
    return of(new KeySource(KeySource.Kind.RSA_PUBLIC_KEY, publicKeyFile));
  }

  /** JWKS file with the defaults. */
  public static AuthOptions jwks(Path jwksFile) {
    return of(new KeySource(KeySource.Kind.JWKS, jwksFile));
  }

  public AuthOptions withAudience(String value) {
    return new AuthOptions(keys, Optional.ofNullable(value), roleClaim, defaultRole, leeway);
  }

  public AuthOptions withRoleClaim(String value) {
    return new AuthOptions(keys, audience, value, defaultRole, leeway);
  }

  public AuthOptions withDefaultRole(String value) {
    return new AuthOptions(keys, audience, roleClaim, value, leeway);
  }

  public AuthOptions withLeeway(Duration value) {
    return new AuthOptions(keys, audience, roleClaim, defaultRole, value);
  }
}
