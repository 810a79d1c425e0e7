package dev.sqliterest.server.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The verifiers of one key file version, one per accepted algorithm ({@code HS256/384/512} for a
 * secret, {@code RS256/384/512} for an RSA key), plus what is weak about the key. Built once per
 * file version so requests only look a verifier up.
 */
record KeyRing(String description, Map<String, JWTVerifier> verifiers, List<String> warnings) {

  /** Below this, brute-forcing an HMAC secret offline is realistic (RFC 7518 §3.2). */
  static final int MIN_HMAC_SECRET_BYTES = 32;

  static final int MIN_RSA_BITS = 2048;

  /**
   * A ring for an HMAC secret. Like sqlite-rest, the secret is the file's bytes exactly as stored:
   * a trailing newline written by {@code echo} is part of the secret (we warn about it).
   */
  static KeyRing hmac(String source, byte[] secret, Duration leeway, Clock clock)
      throws InvalidKeyFileException {
    if (secret.length == 0) {
      throw new InvalidKeyFileException(
          source + " is empty; an HMAC secret needs at least one byte");
    }
    List<String> warnings = new ArrayList<>();
    if (secret.length < MIN_HMAC_SECRET_BYTES) {
      warnings.add(
          source
              + " holds a "
              + secret.length
              + "-byte HMAC secret; use at least "
              + MIN_HMAC_SECRET_BYTES
              + " random bytes, short secrets can be brute-forced from one token");
    }
    if (secret[secret.length - 1] == '\n') {
      warnings.add(
          source
              + " ends with a newline, which is part of the HMAC secret (as in sqlite-rest); sign"
              + " tokens with it included, or write the file with printf/echo -n");
    }
    Map<String, JWTVerifier> verifiers =
        Map.of(
            "HS256", verifier(Algorithm.HMAC256(secret), leeway, clock),
            "HS384", verifier(Algorithm.HMAC384(secret), leeway, clock),
            "HS512", verifier(Algorithm.HMAC512(secret), leeway, clock));
    return new KeyRing("HMAC secret", verifiers, List.copyOf(warnings));
  }

  static KeyRing rsa(String source, RSAPublicKey key, Duration leeway, Clock clock) {
    int bits = key.getModulus().bitLength();
    List<String> warnings =
        bits < MIN_RSA_BITS
            ? List.of(
                source
                    + " holds a "
                    + bits
                    + "-bit RSA key; use at least "
                    + MIN_RSA_BITS
                    + " bits")
            : List.of();
    Map<String, JWTVerifier> verifiers =
        Map.of(
            "RS256", verifier(Algorithm.RSA256(key, null), leeway, clock),
            "RS384", verifier(Algorithm.RSA384(key, null), leeway, clock),
            "RS512", verifier(Algorithm.RSA512(key, null), leeway, clock));
    return new KeyRing(bits + "-bit RSA public key", verifiers, warnings);
  }

  Optional<JWTVerifier> verifier(String algorithm) {
    return Optional.ofNullable(verifiers.get(algorithm));
  }

  private static JWTVerifier verifier(Algorithm algorithm, Duration leeway, Clock clock) {
    return ((JWTVerifier.BaseVerification) JWT.require(algorithm).acceptLeeway(leeway.toSeconds()))
        .build(clock);
  }
}
