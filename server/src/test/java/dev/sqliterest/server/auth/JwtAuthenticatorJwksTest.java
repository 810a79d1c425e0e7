package dev.sqliterest.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --auth-jwks-file}: keys from a JSON Web Key Set, picked by the token's {@code kid}. */
final class JwtAuthenticatorJwksTest {

  private static final InstantSource CLOCK =
      InstantSource.fixed(Instant.parse("2026-11-27T12:00:00Z"));
  private static final byte[] OCT = "an-hmac-secret-of-at-least-32-bytes!".getBytes();

  private static RsaKeys rsa;
  private static RsaKeys rsaNext;
  private static KeyPair p256;
  private static KeyPair p384;
  private static KeyPair p521;

  @TempDir Path dir;

  @BeforeAll
  static void keys() throws Exception {
    rsa = RsaKeys.generate(2048);
    rsaNext = RsaKeys.generate(2048);
    p256 = Jwks.ec("secp256r1");
    p384 = Jwks.ec("secp384r1");
    p521 = Jwks.ec("secp521r1");
  }

  private static String everyKind() {
    return Jwks.set(
        Jwks.rsaJwk("rsa-1", rsa.publicKey()),
        Jwks.ecJwk("ec-256", "P-256", Jwks.ecPublic(p256)),
        Jwks.ecJwk("ec-384", "P-384", Jwks.ecPublic(p384)),
        Jwks.ecJwk("ec-521", "P-521", Jwks.ecPublic(p521)),
        Jwks.octJwk("hs", OCT));
  }

  private JwtAuthenticator authenticator(String jwks) throws Exception {
    return JwtAuthenticator.create(AuthOptions.jwks(write(jwks, 0)), CLOCK, Duration.ZERO);
  }

  private Path write(String content, int secondsLater) throws Exception {
    Path file = dir.resolve("jwks.json");
    Files.writeString(file, content);
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(secondsLater)));
    return file;
  }

  private static Optional<String> bearer(String token) {
    return Optional.of("Bearer " + token);
  }

  private static Algorithm signer(String alg) {
    return switch (alg) {
      case "RS256" -> Algorithm.RSA256(null, rsa.privateKey());
      case "RS512" -> Algorithm.RSA512(null, rsa.privateKey());
      case "PS256" -> Algorithm.RSA256PSS(null, rsa.privateKey());
      case "PS384" -> Algorithm.RSA384PSS(null, rsa.privateKey());
      case "PS512" -> Algorithm.RSA512PSS(null, rsa.privateKey());
      case "ES256" -> Algorithm.ECDSA256(null, Jwks.ecPrivate(p256));
      case "ES384" -> Algorithm.ECDSA384(null, Jwks.ecPrivate(p384));
      case "ES512" -> Algorithm.ECDSA512(null, Jwks.ecPrivate(p521));
      case "HS256" -> Algorithm.HMAC256(OCT);
      default -> throw new IllegalArgumentException(alg);
    };
  }

  private static String kidFor(String alg) {
    return switch (alg.substring(0, 2)) {
      case "RS", "PS" -> "rsa-1";
      case "HS" -> "hs";
      default -> "ec-" + alg.substring(2).replace("512", "521");
    };
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"RS256", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "HS256"})
  void tokenWithKid_everyAlgorithm_accepted(String alg) throws Exception {
    JwtAuthenticator auth = authenticator(everyKind());
    String token =
        JWT.create().withKeyId(kidFor(alg)).withClaim("role", "reader").sign(signer(alg));

    assertThat(auth.authenticate(bearer(token)).role()).isEqualTo("reader");
  }

  @Test
  void tokenWithoutKid_checkedAgainstEveryKeyOfItsAlgorithm() throws Exception {
    JwtAuthenticator auth =
        authenticator(
            Jwks.set(Jwks.rsaJwk("old", rsaNext.publicKey()), Jwks.rsaJwk("new", rsa.publicKey())));
    String token = JWT.create().sign(signer("RS256"));

    assertThat(auth.authenticate(bearer(token)).role()).isEqualTo("anon");
  }

  @Test
  void unknownKid_rejected() throws Exception {
    JwtAuthenticator auth = authenticator(everyKind());
    String token = JWT.create().withKeyId("retired").sign(signer("RS256"));

    assertThatThrownBy(() -> auth.authenticate(bearer(token)))
        .isInstanceOf(AuthenticationException.class)
        .hasMessage(
            "no RS256 key in the key set has the token's kid (was the key rotated out of the"
                + " file?)")
        .extracting(e -> ((AuthenticationException) e).code())
        .isEqualTo(AuthenticationException.INVALID_TOKEN);
  }

  @Test
  void kidOfAnotherKeyType_rejected() throws Exception {
    JwtAuthenticator auth = authenticator(everyKind());
    String token = JWT.create().withKeyId("rsa-1").sign(signer("ES256"));

    assertThatThrownBy(() -> auth.authenticate(bearer(token)))
        .hasMessageStartingWith("no ES256 key in the key set has the token's kid");
  }

  @Test
  void signedByAnotherKeyUnderAPublishedKid_rejected() throws Exception {
    JwtAuthenticator auth = authenticator(everyKind());
    String forged =
        JWT.create()
            .withKeyId("rsa-1")
            .withClaim("role", "admin")
            .sign(Algorithm.RSA256(null, rsaNext.privateKey()));

    assertThatThrownBy(() -> auth.authenticate(bearer(forged)))
        .hasMessage("token signature is invalid");
  }

  /** The algorithm-confusion attack: HMAC-sign with the published RSA modulus as the secret. */
  @Test
  void hmacTokenKeyedWithAPublicKey_rejectedWithoutOctKeys() throws Exception {
    String set = Jwks.set(Jwks.rsaJwk("rsa-1", rsa.publicKey()));
    JwtAuthenticator auth = authenticator(set);
    String forged =
        JWT.create()
            .withKeyId("rsa-1")
            .sign(Algorithm.HMAC256(set.getBytes(StandardCharsets.UTF_8)));

    assertThatThrownBy(() -> auth.authenticate(bearer(forged)))
        .hasMessage(
            "signing method HS256 is invalid (the server accepts PS256, PS384, PS512, RS256,"
                + " RS384, RS512)");
  }

  @Test
  void algOfTheJwk_narrowsTheKey() throws Exception {
    String jwk = Jwks.rsaJwk("rsa-1", rsa.publicKey()).replace("}", ",\"alg\":\"PS256\"}");
    JwtAuthenticator auth = authenticator(Jwks.set(jwk));

    assertThat(auth.authenticate(bearer(JWT.create().withKeyId("rsa-1").sign(signer("PS256")))))
        .isNotNull();
    assertThatThrownBy(
            () -> auth.authenticate(bearer(JWT.create().withKeyId("rsa-1").sign(signer("RS256")))))
        .hasMessageStartingWith("signing method RS256 is invalid (the server accepts PS256)");
  }

  @Test
  void singleJwkWithoutASet_accepted() throws Exception {
    JwtAuthenticator auth = authenticator(Jwks.ecJwk("k", "P-256", Jwks.ecPublic(p256)));

    assertThat(auth.authenticate(bearer(JWT.create().withKeyId("k").sign(signer("ES256")))))
        .isNotNull();
  }

  /** As an identity provider rotates: publish the next key, sign with it, retire the old one. */
  @Test
  void rotation_newKeyPublished_thenOldKeyRetired() throws Exception {
    Path file = write(Jwks.set(Jwks.rsaJwk("2026-10", rsaNext.publicKey())), 0);
    JwtAuthenticator auth = JwtAuthenticator.create(AuthOptions.jwks(file), CLOCK, Duration.ZERO);
    String old =
        JWT.create().withKeyId("2026-10").sign(Algorithm.RSA256(null, rsaNext.privateKey()));
    String next = JWT.create().withKeyId("2026-11").sign(signer("RS256"));
    assertThat(auth.authenticate(bearer(old))).isNotNull();
    assertThatThrownBy(() -> auth.authenticate(bearer(next)))
        .hasMessageStartingWith("no RS256 key in the key set has the token's kid");

    write(
        Jwks.set(
            Jwks.rsaJwk("2026-10", rsaNext.publicKey()), Jwks.rsaJwk("2026-11", rsa.publicKey())),
        5);
    assertThat(auth.authenticate(bearer(old))).isNotNull();
    assertThat(auth.authenticate(bearer(next))).isNotNull();

    write(Jwks.set(Jwks.rsaJwk("2026-11", rsa.publicKey())), 10);
    assertThat(auth.authenticate(bearer(next))).isNotNull();
    assertThatThrownBy(() -> auth.authenticate(bearer(old)))
        .hasMessageStartingWith("no RS256 key in the key set has the token's kid");
  }

  @Test
  void keysThisServerCannotUse_skippedWithWarnings() throws Exception {
    JwtAuthenticator auth =
        authenticator(
            Jwks.set(
                Jwks.rsaJwk("enc", rsaNext.publicKey()).replace("\"sig\"", "\"enc\""),
                "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":\"ed\",\"x\":\"AAAA\"}",
                "{\"kty\":\"EC\",\"crv\":\"secp256k1\",\"kid\":\"k1\",\"x\":\"AA\",\"y\":\"AA\"}",
                Jwks.rsaJwk("rsa-1", rsa.publicKey())));

    assertThat(auth.warnings())
        .hasSize(3)
        .anySatisfy(w -> assertThat(w).contains("kid \"enc\"", "use is \"enc\""))
        .anySatisfy(w -> assertThat(w).contains("EdDSA (OKP) keys are not supported"))
        .anySatisfy(w -> assertThat(w).contains("curve \"secp256k1\" is not supported"));
    assertThat(auth.authenticate(bearer(JWT.create().withKeyId("rsa-1").sign(signer("RS256")))))
        .isNotNull();
  }

  @Test
  void privateKeyMaterialAndWeakKeys_warned() throws Exception {
    RsaKeys small = RsaKeys.generate(1024);
    JwtAuthenticator auth =
        authenticator(
            Jwks.set(
                Jwks.rsaJwk("small", small.publicKey()),
                Jwks.octJwk("short", "short".getBytes()).replace("}", ",\"d\":\"AAAA\"}")));

    assertThat(auth.warnings())
        .anySatisfy(w -> assertThat(w).contains("kid \"small\"", "1024-bit RSA key"))
        .anySatisfy(w -> assertThat(w).contains("kid \"short\"", "5-byte HMAC secret"))
        .anySatisfy(w -> assertThat(w).contains("private key material"));
  }

  @Test
  void badFiles_failNamingTheFlagAndTheKey() {
    String base = "--auth-jwks-file " + dir.resolve("jwks.json");
    assertThatThrownBy(() -> authenticator("{\"keys\":"))
        .isInstanceOf(InvalidKeyFileException.class)
        .hasMessageStartingWith(base + " is not valid JSON");
    assertThatThrownBy(() -> authenticator("[1,2]"))
        .hasMessage(base + " holds neither a JWK Set ({\"keys\":[…]}) nor a single JWK");
    assertThatThrownBy(() -> authenticator(Jwks.set()))
        .hasMessageStartingWith(base + " has no usable signing key");
    assertThatThrownBy(
            () ->
                authenticator(
                    Jwks.set("{\"kty\":\"RSA\",\"kid\":\"a\",\"n\":\"!!\",\"e\":\"AQAB\"}")))
        .hasMessageStartingWith(base + " key 1 (kid \"a\"): \"n\" is not base64url");
    assertThatThrownBy(() -> authenticator(Jwks.set("{\"kty\":\"RSA\",\"e\":\"AQAB\"}")))
        .hasMessage(base + " key 1 has no \"n\" string");
    String offCurve =
        Jwks.ecJwk("ec", "P-256", Jwks.ecPublic(p256))
            .replaceFirst("\"y\":\"[^\"]+\"", "\"y\":\"" + Jwks.b64(new byte[32]) + "\"");
    assertThatThrownBy(() -> authenticator(Jwks.set(offCurve)))
        .hasMessage(base + " key 1 (kid \"ec\"): (x, y) is not a point on P-256");
    String wrongAlg =
        Jwks.ecJwk("ec", "P-256", Jwks.ecPublic(p256)).replace("}", ",\"alg\":\"ES384\"}");
    assertThatThrownBy(() -> authenticator(Jwks.set(wrongAlg)))
        .hasMessage(base + " key 1 (kid \"ec\") has alg ES384, which does not fit its key type EC");
  }
}
