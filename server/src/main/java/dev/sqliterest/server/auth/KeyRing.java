package dev.sqliterest.server.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The verifiers of one key file version, one per key and accepted algorithm, plus what is weak
 * about the keys. Built once per file version so requests only look verifiers up.
 *
 * @param keys every (key, algorithm) pair, in file order
 * @param selectByKid whether a token's {@code kid} picks the keys (a JWKS); a single secret or PEM
 *     key ignores {@code kid}, as sqlite-rest does
 */
record KeyRing(
    String description, List<VerificationKey> keys, boolean selectByKid, List<String> warnings) {

  /** Below this, brute-forcing an HMAC secret offline is realistic (RFC 7518 §3.2). */
  static final int MIN_HMAC_SECRET_BYTES = 32;

  static final int MIN_RSA_BITS = 2048;

  /** One key with one algorithm; {@code kid} is null when the key has none. */
  record VerificationKey(String kid, String algorithm, JWTVerifier verifier) {}

  KeyRing {
    keys = List.copyOf(keys);
    warnings = List.copyOf(warnings);
  }

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
    warnings.addAll(hmacWarnings(source, secret));
    if (secret[secret.length - 1] == '\n') {
      warnings.add(
          source
              + " ends with a newline, which is part of the HMAC secret (as in sqlite-rest); sign"
              + " tokens with it included, or write the file with printf/echo -n");
    }
    return new KeyRing(
        "HMAC secret", keys(null, hmacAlgorithms(secret), leeway, clock), false, warnings);
  }

  /** A ring for one PEM RSA public key: PKCS#1 v1.5 (RS*) and PSS (PS*) signatures. */
  static KeyRing rsa(String source, RSAPublicKey key, Duration leeway, Clock clock) {
    return new KeyRing(
        key.getModulus().bitLength() + "-bit RSA public key",
        keys(null, rsaAlgorithms(key), leeway, clock),
        false,
        rsaWarnings(source, key));
  }

  static List<Algorithm> hmacAlgorithms(byte[] secret) {
    return List.of(Algorithm.HMAC256(secret), Algorithm.HMAC384(secret), Algorithm.HMAC512(secret));
  }

  static List<Algorithm> rsaAlgorithms(RSAPublicKey key) {
    return List.of(
        Algorithm.RSA256(key, null),
        Algorithm.RSA384(key, null),
        Algorithm.RSA512(key, null),
        Algorithm.RSA256PSS(key, null),
        Algorithm.RSA384PSS(key, null),
        Algorithm.RSA512PSS(key, null));
  }

  static List<String> hmacWarnings(String source, byte[] secret) {
    return secret.length < MIN_HMAC_SECRET_BYTES
        ? List.of(
            source
                + " holds a "
                + secret.length
                + "-byte HMAC secret; use at least "
                + MIN_HMAC_SECRET_BYTES
                + " random bytes, short secrets can be brute-forced from one token")
        : List.of();
  }

  static List<String> rsaWarnings(String source, RSAPublicKey key) {
    int bits = key.getModulus().bitLength();
    return bits < MIN_RSA_BITS
        ? List.of(
            source + " holds a " + bits + "-bit RSA key; use at least " + MIN_RSA_BITS + " bits")
        : List.of();
  }

  /** One verification key per algorithm, all with {@code kid}. */
  static List<VerificationKey> keys(
      String kid, List<Algorithm> algorithms, Duration leeway, Clock clock) {
    return algorithms.stream()
        .map(a -> new VerificationKey(kid, a.getName(), verifier(a, leeway, clock)))
        .toList();
  }

  /** The algorithm names some key accepts, for the message refusing another one. */
  SortedSet<String> algorithms() {
    SortedSet<String> names = new TreeSet<>();
    keys.forEach(k -> names.add(k.algorithm()));
    return names;
  }

  /**
   * The keys that may have signed a token with {@code algorithm} and {@code kid} (null when the
   * token has none). In a JWKS, a token naming a {@code kid} is checked only against keys with that
   * {@code kid}; a token without one against every key of its algorithm.
   */
  List<VerificationKey> candidates(String algorithm, String kid) {
    return keys.stream()
        .filter(k -> k.algorithm().equals(algorithm))
        .filter(k -> !selectByKid || kid == null || kid.equals(k.kid()))
        .toList();
  }

  private static JWTVerifier verifier(Algorithm algorithm, Duration leeway, Clock clock) {
    return ((JWTVerifier.BaseVerification) JWT.require(algorithm).acceptLeeway(leeway.toSeconds()))
        .build(clock);
  }
}
