package dev.sqliterest.server.auth;

import static dev.sqliterest.server.auth.AuthenticationException.INVALID_CLAIMS;
import static dev.sqliterest.server.auth.AuthenticationException.INVALID_TOKEN;
import static dev.sqliterest.server.auth.AuthenticationException.MISSING_TOKEN;

import com.auth0.jwt.JWT;
import com.auth0.jwt.exceptions.AlgorithmMismatchException;
import com.auth0.jwt.exceptions.IncorrectClaimException;
import com.auth0.jwt.exceptions.JWTDecodeException;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.Claim;
import com.auth0.jwt.interfaces.DecodedJWT;
import dev.sqliterest.rest.HttpRequestData.Principal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies {@code Authorization: Bearer <jwt>} against the configured key file, as sqlite-rest does
 * (HMAC family for {@code --auth-token-file}, RSA family for {@code --auth-rsa-public-key}, no
 * cross-family or {@code none} tokens), plus what sqlite-rest lacks: keys from a JWKS chosen by
 * {@code kid} ({@code --auth-jwks-file}: RSA, EC, HMAC), {@code exp}/{@code nbf}/{@code iat} with
 * leeway, an optional audience and a role taken from a claim.
 *
 * <p>The key file is re-read when it changes on disk ({@link WatchedFile}); weak keys (short HMAC
 * secrets, RSA below 2048 bits) are accepted for sqlite-rest compatibility but logged as warnings.
 */
public final class JwtAuthenticator implements Authenticator {

  private static final Logger LOG = LoggerFactory.getLogger(JwtAuthenticator.class);

  /** How often the key file is looked at for changes (a rotation takes effect within this). */
  static final Duration KEY_RECHECK = Duration.ofSeconds(1);

  private final AuthOptions options;
  private final ClaimPath roleClaim;
  private final WatchedFile<KeyRing> keys;
  private final VerifiedTokens verified;

  private JwtAuthenticator(AuthOptions options, WatchedFile<KeyRing> keys, InstantSource time) {
    this.options = options;
    this.roleClaim = ClaimPath.parse(options.roleClaim());
    this.keys = keys;
    this.verified = new VerifiedTokens(time);
  }

  /**
   * Loads the key file named in {@code options} (a missing or unusable file is an error) and logs a
   * WARNING for each weakness of the key.
   */
  public static JwtAuthenticator create(AuthOptions options, InstantSource time)
      throws IOException {
    return create(options, time, KEY_RECHECK);
  }

  /**
   * As {@link #create(AuthOptions, InstantSource)}, looking at the key file every {@code recheck}.
   */
  static JwtAuthenticator create(AuthOptions options, InstantSource time, Duration recheck)
      throws IOException {
    Clock clock = time.withZone(ZoneOffset.UTC);
    KeySource source = options.keys();
    String name = source.flag() + " " + source.file();
    WatchedFile.Parser<KeyRing> parser =
        switch (source.kind()) {
          case HMAC_SECRET -> bytes -> KeyRing.hmac(name, bytes, options.leeway(), clock);
          case RSA_PUBLIC_KEY ->
              bytes -> KeyRing.rsa(name, parsePem(name, bytes), options.leeway(), clock);
          case JWKS -> bytes -> JwksKeys.parse(name, bytes, options.leeway(), clock);
        };
    WatchedFile<KeyRing> keys =
        WatchedFile.load(source.file(), recheck, bytes -> logged(parser.parse(bytes)));
    return new JwtAuthenticator(options, keys, time);
  }

  private static RSAPublicKey parsePem(String name, byte[] bytes) throws InvalidKeyFileException {
    try {
      return RsaPemKeys.parse(bytes);
    } catch (InvalidKeyFileException e) {
      throw new InvalidKeyFileException(name + ": " + e.getMessage(), e);
    }
  }

  private static KeyRing logged(KeyRing ring) {
    ring.warnings().forEach(w -> LOG.warn("WARNING: {}", w));
    return ring;
  }

  /** The weaknesses of the key currently in use (also logged when the key was loaded). */
  public List<String> warnings() {
    return keys.get().warnings();
  }

  @Override
  public Principal authenticate(Optional<String> authorizationHeader)
      throws AuthenticationException {
    String token = bearerToken(authorizationHeader);
    KeyRing ring = keys.get();
    Principal cached = verified.get(token, ring);
    if (cached != null) {
      return cached;
    }
    DecodedJWT jwt;
    try {
      jwt = JWT.decode(token);
    } catch (JWTDecodeException e) {
      throw new AuthenticationException(INVALID_TOKEN, "token is malformed: " + e.getMessage(), e);
    }
    requireJsonObjects(jwt);
    rejectCriticalExtensions(jwt);
    String algorithm = jwt.getAlgorithm();
    if (algorithm == null) {
      throw new AuthenticationException(
          INVALID_TOKEN, "token header names no signing method (alg)");
    }
    verify(ring, jwt, algorithm);
    checkAudience(jwt);
    Map<String, Object> claims = claims(jwt);
    Principal principal = new Principal(role(claims), claims);
    verified.put(token, ring, principal, jwt.getExpiresAtAsInstant(), options.leeway());
    return principal;
  }

  /**
   * Checks the signature with the ring's keys for the token's algorithm (and {@code kid}, in a
   * JWKS), then the time claims. When several keys fit (a JWKS entry without {@code kid}, or a
   * token without one), the first whose signature matches decides.
   */
  private static void verify(KeyRing ring, DecodedJWT jwt, String algorithm)
      throws AuthenticationException {
    if (!ring.algorithms().contains(algorithm)) {
      throw new AuthenticationException(
          INVALID_TOKEN,
          "signing method "
              + algorithm
              + " is invalid (the server accepts "
              + String.join(", ", ring.algorithms())
              + ")");
    }
    List<KeyRing.VerificationKey> candidates = ring.candidates(algorithm, jwt.getKeyId());
    if (candidates.isEmpty()) {
      throw new AuthenticationException(
          INVALID_TOKEN,
          "no "
              + algorithm
              + " key in the key set has the token's kid (was the key rotated out of the file?)");
    }
    SignatureVerificationException mismatch = null;
    for (KeyRing.VerificationKey key : candidates) {
      try {
        key.verifier().verify(jwt);
        return;
      } catch (SignatureVerificationException e) {
        mismatch = e; // another key with the same algorithm may have signed it
      } catch (JWTVerificationException e) {
        throw new AuthenticationException(code(e), reason(e), e);
      }
    }
    throw new AuthenticationException(code(mismatch), reason(mismatch), mismatch);
  }

  private static String bearerToken(Optional<String> header) throws AuthenticationException {
    String value = header.map(String::strip).orElse("");
    if (value.isEmpty()) {
      throw new AuthenticationException(MISSING_TOKEN, "missing auth header");
    }
    int space = value.indexOf(' ');
    if (space < 0 || !value.substring(0, space).equalsIgnoreCase("Bearer")) {
      throw new AuthenticationException(INVALID_TOKEN, "invalid auth header");
    }
    String token = value.substring(space + 1).strip();
    if (token.isEmpty()) {
      throw new AuthenticationException(INVALID_TOKEN, "invalid auth header");
    }
    return token;
  }

  private static String reason(JWTVerificationException e) {
    return switch (e) {
      case TokenExpiredException x -> "token has expired";
      case SignatureVerificationException x -> "token signature is invalid";
      case AlgorithmMismatchException x -> "token algorithm does not match the key";
      case IncorrectClaimException x when "nbf".equals(x.getClaimName()) ->
          "token is not valid yet";
      case IncorrectClaimException x when "iat".equals(x.getClaimName()) ->
          "token used before issued";
      default -> "token is invalid: " + e.getMessage();
    };
  }

  private static String code(JWTVerificationException e) {
    return e instanceof TokenExpiredException || e instanceof IncorrectClaimException
        ? INVALID_CLAIMS
        : INVALID_TOKEN;
  }

  /**
   * java-jwt decodes a header or payload of JSON {@code null} into a null object that fails later
   * with a NullPointerException; such a token is malformed.
   */
  private static void requireJsonObjects(DecodedJWT jwt) throws AuthenticationException {
    for (String part : new String[] {jwt.getHeader(), jwt.getPayload()}) {
      String json;
      try {
        json = new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8).strip();
      } catch (IllegalArgumentException e) {
        json = "";
      }
      if (!json.startsWith("{")) {
        throw new AuthenticationException(
            INVALID_TOKEN, "token is malformed: its header and payload must be JSON objects");
      }
    }
  }

  /**
   * RFC 7515 §4.1.11: a recipient must refuse a token whose {@code crit} header names an extension
   * it does not process. This server processes none, so any {@code crit} header is refused.
   */
  private static void rejectCriticalExtensions(DecodedJWT jwt) throws AuthenticationException {
    Claim crit = jwt.getHeaderClaim("crit");
    if (!crit.isMissing()) {
      throw new AuthenticationException(
          INVALID_TOKEN, "token header lists critical extensions the server does not support");
    }
  }

  /**
   * PostgREST's rule: with an audience configured, a token that names audiences must name ours; a
   * token without {@code aud} (or with {@code null}) is accepted. {@code aud} must be a string or a
   * non-empty array of strings (RFC 7519 §4.1.3); anything else is refused rather than ignored.
   */
  private void checkAudience(DecodedJWT jwt) throws AuthenticationException {
    if (options.audience().isEmpty()) {
      return;
    }
    String ours = options.audience().get();
    Claim aud = jwt.getClaim("aud");
    if (aud.isMissing() || aud.isNull()) {
      return;
    }
    boolean included =
        switch (aud.as(Object.class)) {
          case String one -> one.equals(ours);
          case List<?> many
              when !many.isEmpty() && many.stream().allMatch(String.class::isInstance) ->
              many.contains(ours);
          default ->
              throw new AuthenticationException(
                  INVALID_CLAIMS,
                  "token audience must be a string or a non-empty array of strings");
        };
    if (!included) {
      throw new AuthenticationException(INVALID_CLAIMS, "token audience does not include " + ours);
    }
  }

  private static Map<String, Object> claims(DecodedJWT jwt) throws AuthenticationException {
    Map<String, Object> claims = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, Claim> e : jwt.getClaims().entrySet()) {
        claims.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().as(Object.class));
      }
    } catch (JWTDecodeException e) {
      throw new AuthenticationException(
          INVALID_TOKEN, "token claims are malformed: " + e.getMessage(), e);
    }
    return Collections.unmodifiableMap(claims);
  }

  private String role(Map<String, Object> claims) throws AuthenticationException {
    Optional<Object> value = roleClaim.find(claims);
    if (value.isEmpty()) {
      return options.defaultRole();
    }
    if (!(value.get() instanceof String role) || role.isBlank()) {
      throw new AuthenticationException(
          INVALID_CLAIMS,
          String.format(Locale.ROOT, "role claim %s must be a non-empty string", roleClaim.text()));
    }
    return role;
  }
}
