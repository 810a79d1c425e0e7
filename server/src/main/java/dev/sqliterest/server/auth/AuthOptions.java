package dev.sqliterest.server.auth;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How API requests are authenticated; validated once, then immutable.
 *
 * @param tokenFile {@code --auth-token-file}: HMAC secret, the file's raw bytes (HS256/384/512)
 * @param rsaPublicKeyFile {@code --auth-rsa-public-key}: PEM RSA public key (RS256/384/512)
 * @param audience {@code --auth-audience}: when set, a token carrying {@code aud} must name it
 * @param roleClaim path of the role claim, e.g. {@code role}, {@code $.app.role}, {@code roles[0]}
 * @param defaultRole role of a valid token that has no role claim
 * @param leeway clock skew tolerated for {@code exp}, {@code nbf} and {@code iat}
 */
public record AuthOptions(
    Optional<Path> tokenFile,
    Optional<Path> rsaPublicKeyFile,
    Optional<String> audience,
    String roleClaim,
    String defaultRole,
    Duration leeway) {

  public static final String DEFAULT_ROLE_CLAIM = "role";
  public static final String DEFAULT_ROLE = "anon";
  public static final Duration DEFAULT_LEEWAY = Duration.ofSeconds(30);

  public AuthOptions {
    Objects.requireNonNull(tokenFile, "tokenFile");
    Objects.requireNonNull(rsaPublicKeyFile, "rsaPublicKeyFile");
    Objects.requireNonNull(audience, "audience");
    // the two messages are sqlite-rest's, so scripts grepping for them keep working
    if (tokenFile.isEmpty() && rsaPublicKeyFile.isEmpty()) {
      throw new IllegalArgumentException(
          "specifies at least --auth-rsa-public-key or --auth-token-file (or --auth-disabled)");
    }
    if (tokenFile.isPresent() && rsaPublicKeyFile.isPresent()) {
      throw new IllegalArgumentException(
          "cannot specific --auth-rsa-public-key and --auth-token-file at the same time");
    }
    ClaimPath.parse(roleClaim); // fails early on a malformed path
    if (defaultRole == null || defaultRole.isBlank()) {
      throw new IllegalArgumentException("default role must not be blank");
    }
    if (leeway == null || leeway.isNegative()) {
      throw new IllegalArgumentException("leeway must be zero or positive, got " + leeway);
    }
  }

  /** HMAC secret file with the defaults (role claim {@code role}, default role, 30 s leeway). */
  public static AuthOptions hmac(Path tokenFile) {
    return new AuthOptions(
        Optional.of(tokenFile),
        Optional.empty(),
        Optional.empty(),
        DEFAULT_ROLE_CLAIM,
        DEFAULT_ROLE,
        DEFAULT_LEEWAY);
  }

  /** RSA public key file with the defaults. */
  public static AuthOptions rsa(Path publicKeyFile) {
    return new AuthOptions(
        Optional.empty(),
        Optional.of(publicKeyFile),
        Optional.empty(),
        DEFAULT_ROLE_CLAIM,
        DEFAULT_ROLE,
        DEFAULT_LEEWAY);
  }

  public AuthOptions withAudience(String value) {
    return new AuthOptions(
        tokenFile, rsaPublicKeyFile, Optional.ofNullable(value), roleClaim, defaultRole, leeway);
  }

  public AuthOptions withRoleClaim(String value) {
    return new AuthOptions(tokenFile, rsaPublicKeyFile, audience, value, defaultRole, leeway);
  }

  public AuthOptions withDefaultRole(String value) {
    return new AuthOptions(tokenFile, rsaPublicKeyFile, audience, roleClaim, value, leeway);
  }

  public AuthOptions withLeeway(Duration value) {
    return new AuthOptions(tokenFile, rsaPublicKeyFile, audience, roleClaim, defaultRole, value);
  }
}
