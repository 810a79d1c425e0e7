package dev.sqliterest.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import dev.sqliterest.rest.HttpRequestData.Principal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class JwtAuthenticatorHmacTest {

  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
  private static final InstantSource CLOCK = InstantSource.fixed(NOW);

  @TempDir Path dir;

  private JwtAuthenticator authenticator(byte[] secret, AuthOptions base) throws Exception {
    Path file = dir.resolve("token");
    Files.write(file, secret);
    AuthOptions options =
        new AuthOptions(
            new KeySource(KeySource.Kind.HMAC_SECRET, file),
            base.audience(),
            base.roleClaim(),
            base.defaultRole(),
            base.leeway());
    return JwtAuthenticator.create(options, CLOCK);
  }

  private JwtAuthenticator authenticator(String secret) throws Exception {
    return authenticator(secret.getBytes(StandardCharsets.UTF_8), AuthOptions.hmac(dir));
  }

  private static Optional<String> bearer(String token) {
    return Optional.of("Bearer " + token);
  }

  @ParameterizedTest
  @ValueSource(strings = {"HS256", "HS384", "HS512"})
  void authenticate_shortSecretLikeSqliteRestTests_acceptsEveryHmacAlgorithm(String alg)
      throws Exception {
    byte[] secret = "test-token".getBytes(StandardCharsets.UTF_8);
    Algorithm algorithm =
        switch (alg) {
          case "HS256" -> Algorithm.HMAC256(secret);
          case "HS384" -> Algorithm.HMAC384(secret);
          default -> Algorithm.HMAC512(secret);
        };
    // sqlite-rest's suite signs empty claims: no exp, no role
    String token = JWT.create().sign(algorithm);

    Principal principal = authenticator("test-token").authenticate(bearer(token));

    assertThat(principal.role()).isEqualTo("anon");
    assertThat(principal.claims()).isEmpty();
  }

  @Test
  void create_readmeSecretTopsecret_worksWithWarning() throws Exception {
    JwtAuthenticator auth = authenticator("topsecret");
    String token = JWT.create().withClaim("role", "reader").sign(Algorithm.HMAC256("topsecret"));

    assertThat(auth.authenticate(bearer(token)).role()).isEqualTo("reader");
    assertThat(auth.warnings()).singleElement().asString().contains("9-byte HMAC secret");
  }

  @Test
  void create_longSecret_noWarning() throws Exception {
    JwtAuthenticator auth = authenticator("0123456789abcdef0123456789abcdef");
    assertThat(auth.warnings()).isEmpty();
  }

  @Test
  void authenticate_trailingNewline_isPartOfTheSecretLikeSqliteRest() throws Exception {
    JwtAuthenticator auth = authenticator("0123456789abcdef0123456789abcdef\n");

    String withNewline = JWT.create().sign(Algorithm.HMAC256("0123456789abcdef0123456789abcdef\n"));
    String withoutNewline =
        JWT.create().sign(Algorithm.HMAC256("0123456789abcdef0123456789abcdef"));

    assertThat(auth.authenticate(bearer(withNewline)).role()).isEqualTo("anon");
    assertThatThrownBy(() -> auth.authenticate(bearer(withoutNewline)))
        .isInstanceOf(AuthenticationException.class)
        .hasMessage("token signature is invalid");
    assertThat(auth.warnings()).singleElement().asString().contains("ends with a newline");
  }

  @Test
  void authenticate_algNone_rejected() throws Exception {
    String token = JWT.create().withClaim("role", "admin").sign(Algorithm.none());

    assertThatThrownBy(() -> authenticator("test-token").authenticate(bearer(token)))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageStartingWith("signing method none is invalid");
  }

  @Test
  void authenticate_rsaSignedTokenAgainstSecret_rejected() throws Exception {
    String token = JWT.create().sign(Algorithm.RSA256(null, RsaKeys.generate(1024).privateKey()));

    assertThatThrownBy(() -> authenticator("test-token").authenticate(bearer(token)))
        .isInstanceOf(AuthenticationException.class)
        .hasMessage("signing method RS256 is invalid (the server accepts HS256, HS384, HS512)");
  }

  @Test
  void authenticate_tamperedPayload_rejected() throws Exception {
    String token = JWT.create().withClaim("role", "reader").sign(Algorithm.HMAC256("test-token"));
    String[] parts = token.split("\\.");
    String forged =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("{\"role\":\"admin\"}".getBytes(StandardCharsets.UTF_8));
    String tampered = parts[0] + "." + forged + "." + parts[2];

    assertThatThrownBy(() -> authenticator("test-token").authenticate(bearer(tampered)))
        .isInstanceOf(AuthenticationException.class)
        .hasMessage("token signature is invalid");
  }

  @Test
  void authenticate_wrongSecret_rejected() throws Exception {
    String token = JWT.create().sign(Algorithm.HMAC256("other-token"));

    assertThatThrownBy(() -> authenticator("test-token").authenticate(bearer(token)))
        .isInstanceOf(AuthenticationException.class)
        .hasMessage("token signature is invalid");
  }

  @Test
  void authenticate_expiredBeyondLeeway_rejected() throws Exception {
    String token =
        JWT.create().withExpiresAt(NOW.minusSeconds(31)).sign(Algorithm.HMAC256("test-token"));

    assertThatThrownBy(() -> authenticator("test-token").authenticate(bearer(token)))
        .isInstanceOf(AuthenticationException.class)
        .hasMessage("token has expired");
  }

  @Test
  void authenticate_expiredWithinLeeway_accepted() throws Exception {
    String token =
        JWT.create().withExpiresAt(NOW.minusSeconds(25)).sign(Algorithm.HMAC256("test-token"));

    assertThat(authenticator("test-token").authenticate(bearer(token)).role()).isEqualTo("anon");
  }

  @Test
  void authenticate_notBeforeInTheFuture_rejectedUnlessWithinLeeway() throws Exception {
    JwtAuthenticator auth = authenticator("test-token");
    String early =
        JWT.create().withNotBefore(NOW.plusSeconds(60)).sign(Algorithm.HMAC256("test-token"));
    String skewed =
        JWT.create().withNotBefore(NOW.plusSeconds(20)).sign(Algorithm.HMAC256("test-token"));

    assertThatThrownBy(() -> auth.authenticate(bearer(early)))
        .isInstanceOf(AuthenticationException.class)
        .hasMessage("token is not valid yet");
    assertThat(auth.authenticate(bearer(skewed)).role()).isEqualTo("anon");
  }

  @Test
  void authenticate_issuedInTheFuture_rejectedUnlessWithinLeeway() throws Exception {
    JwtAuthenticator auth = authenticator("test-token");
    Algorithm key = Algorithm.HMAC256("test-token");

    assertThatThrownBy(
            () ->
                auth.authenticate(bearer(JWT.create().withIssuedAt(NOW.plusSeconds(90)).sign(key))))
        .isInstanceOf(AuthenticationException.class)
        .hasMessage("token used before issued");
    assertThat(auth.authenticate(bearer(JWT.create().withIssuedAt(NOW.plusSeconds(10)).sign(key))))
        .isNotNull();
  }

  @Test
  void authenticate_audience_mustContainConfiguredOneWhenPresent() throws Exception {
    JwtAuthenticator auth =
        authenticator(
            "test-token".getBytes(StandardCharsets.UTF_8),
            AuthOptions.hmac(dir).withAudience("api"));
    Algorithm key = Algorithm.HMAC256("test-token");

    assertThat(auth.authenticate(bearer(JWT.create().withAudience("api").sign(key)))).isNotNull();
    assertThat(auth.authenticate(bearer(JWT.create().withAudience("web", "api").sign(key))))
        .isNotNull();
    assertThat(auth.authenticate(bearer(JWT.create().sign(key)))).isNotNull();
    assertThatThrownBy(() -> auth.authenticate(bearer(JWT.create().withAudience("web").sign(key))))
        .isInstanceOf(AuthenticationException.class)
        .hasMessage("token audience does not include api");
  }

  @Test
  void authenticate_audienceOfAnotherShapeOrEmpty_rejected() throws Exception {
    JwtAuthenticator auth =
        authenticator(
            "test-token".getBytes(StandardCharsets.UTF_8),
            AuthOptions.hmac(dir).withAudience("api"));

    for (String aud : List.of("5", "{}", "[]", "[5]", "[\"api\",5]", "true", "{\"0\":\"api\"}")) {
      String token = signed("{\"alg\":\"HS256\"}", "{\"aud\":" + aud + "}");
      assertThatThrownBy(() -> auth.authenticate(bearer(token)))
          .as("aud %s", aud)
          .isInstanceOf(AuthenticationException.class)
          .hasMessage("token audience must be a string or a non-empty array of strings")
          .extracting(e -> ((AuthenticationException) e).code())
          .isEqualTo("PGRST303");
    }
    assertThat(auth.authenticate(bearer(signed("{\"alg\":\"HS256\"}", "{\"aud\":null}"))))
        .isNotNull();
  }

  @Test
  void authenticate_unknownCriticalHeader_rejected() throws Exception {
    JwtAuthenticator auth = authenticator("test-token");
    String token = signed("{\"alg\":\"HS256\",\"crit\":[\"urn:x:must\"],\"urn:x:must\":1}", "{}");

    assertThatThrownBy(() -> auth.authenticate(bearer(token)))
        .isInstanceOf(AuthenticationException.class)
        .hasMessage("token header lists critical extensions the server does not support")
        .extracting(e -> ((AuthenticationException) e).code())
        .isEqualTo("PGRST301");
    assertThat(auth.authenticate(bearer(signed("{\"alg\":\"HS256\"}", "{}")))).isNotNull();
  }

  @Test
  void authenticate_headerOrPayloadNotAnObject_orNoAlg_rejectedAs401() throws Exception {
    // found by HttpFuzzTest: each was a NullPointerException inside java-jwt, answered with 500
    JwtAuthenticator auth = authenticator("test-token");
    for (String[] parts :
        List.of(
            new String[] {"null", "{\"role\":\"r\"}"},
            new String[] {"{\"alg\":\"HS256\"}", "null"},
            new String[] {"{\"typ\":\"JWT\"}", "{\"role\":\"r\"}"})) {
      assertThatThrownBy(() -> auth.authenticate(bearer(signed(parts[0], parts[1]))))
          .as("header %s, payload %s", parts[0], parts[1])
          .isInstanceOf(AuthenticationException.class)
          .extracting(e -> ((AuthenticationException) e).code())
          .isEqualTo("PGRST301");
    }
  }

  /** A token with exactly this header and payload (java-jwt's builder drops odd {@code aud}s). */
  private static String signed(String header, String payload) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String h = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8));
    String p = b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    byte[] signature =
        Algorithm.HMAC256("test-token")
            .sign(h.getBytes(StandardCharsets.US_ASCII), p.getBytes(StandardCharsets.US_ASCII));
    return h + "." + p + "." + b64.encodeToString(signature);
  }

  @Test
  void authenticate_roleFromConfiguredClaimPath() throws Exception {
    JwtAuthenticator auth =
        authenticator(
            "test-token".getBytes(StandardCharsets.UTF_8),
            AuthOptions.hmac(dir).withRoleClaim("$.app.roles[1]").withDefaultRole("guest"));
    Algorithm key = Algorithm.HMAC256("test-token");
    String token =
        JWT.create()
            .withClaim("app", Map.of("roles", List.of("viewer", "editor")))
            .withSubject("alice")
            .sign(key);

    Principal principal = auth.authenticate(bearer(token));

    assertThat(principal.role()).isEqualTo("editor");
    assertThat(principal.claims()).containsEntry("sub", "alice").containsKey("app");
    assertThat(auth.authenticate(bearer(JWT.create().sign(key))).role()).isEqualTo("guest");
  }

  @Test
  void authenticate_roleClaimNotAString_rejected() throws Exception {
    String token = JWT.create().withClaim("role", 42).sign(Algorithm.HMAC256("test-token"));

    assertThatThrownBy(() -> authenticator("test-token").authenticate(bearer(token)))
        .isInstanceOf(AuthenticationException.class)
        .hasMessage("role claim role must be a non-empty string");
  }

  @Test
  void authenticate_headerShapes() throws Exception {
    JwtAuthenticator auth = authenticator("test-token");
    String token = JWT.create().sign(Algorithm.HMAC256("test-token"));

    assertThat(auth.authenticate(Optional.of("bearer " + token)).role()).isEqualTo("anon");
    assertThatThrownBy(() -> auth.authenticate(Optional.empty())).hasMessage("missing auth header");
    assertThatThrownBy(() -> auth.authenticate(Optional.of(token)))
        .hasMessage("invalid auth header");
    assertThatThrownBy(() -> auth.authenticate(Optional.of("Basic " + token)))
        .hasMessage("invalid auth header");
    assertThatThrownBy(() -> auth.authenticate(Optional.of("Bearer not-a-jwt")))
        .hasMessageStartingWith("token is malformed");
  }

  @Test
  void authenticate_failures_carryPostgrestCodes() throws Exception {
    JwtAuthenticator auth = authenticator("test-token");
    Algorithm key = Algorithm.HMAC256("test-token");
    String expired = JWT.create().withExpiresAt(NOW.minusSeconds(60)).sign(key);
    String forged = JWT.create().sign(Algorithm.HMAC256("other"));

    assertThat(codeOf(auth, Optional.empty())).isEqualTo("PGRST302");
    assertThat(codeOf(auth, bearer(forged))).isEqualTo("PGRST301");
    assertThat(codeOf(auth, bearer("x.y"))).isEqualTo("PGRST301");
    assertThat(codeOf(auth, bearer(expired))).isEqualTo("PGRST303");
  }

  private static String codeOf(JwtAuthenticator auth, Optional<String> header) {
    try {
      auth.authenticate(header);
    } catch (AuthenticationException e) {
      return e.code();
    }
    throw new AssertionError("authenticated " + header);
  }

  @Test
  void options_validated() {
    assertThatThrownBy(() -> AuthOptions.hmac(dir).withRoleClaim("a..b"))
        .hasMessageContaining("empty key");
    assertThatThrownBy(() -> AuthOptions.hmac(dir).withDefaultRole(" "))
        .hasMessageContaining("default role must not be blank");
  }

  @Test
  void create_missingOrEmptyFile_fails() throws Exception {
    assertThatThrownBy(() -> JwtAuthenticator.create(AuthOptions.hmac(dir.resolve("nope")), CLOCK))
        .isInstanceOf(java.nio.file.NoSuchFileException.class);
    assertThatThrownBy(() -> authenticator(""))
        .isInstanceOf(InvalidKeyFileException.class)
        .hasMessageContaining("is empty");
  }

  @Test
  void disabled_returnsAnonymousWhateverTheHeader() throws Exception {
    Authenticator auth = Authenticator.disabled("anon");

    assertThat(auth.authenticate(Optional.empty()).role()).isEqualTo("anon");
    assertThat(auth.authenticate(Optional.of("Bearer garbage")).role()).isEqualTo("anon");
  }
}
