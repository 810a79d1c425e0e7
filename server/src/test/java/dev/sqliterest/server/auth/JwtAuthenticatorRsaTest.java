package dev.sqliterest.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class JwtAuthenticatorRsaTest {

  private static final InstantSource CLOCK =
      InstantSource.fixed(Instant.parse("2026-11-27T12:00:00Z"));
  private static RsaKeys rsa1024;
  private static RsaKeys rsa2048;

  @TempDir Path dir;

  @BeforeAll
  static void keys() throws Exception {
    rsa1024 = RsaKeys.generate(1024);
    rsa2048 = RsaKeys.generate(2048);
  }

  private JwtAuthenticator authenticator(byte[] pem) throws Exception {
    Path file = dir.resolve("key.pem");
    Files.write(file, pem);
    return JwtAuthenticator.create(AuthOptions.rsa(file), CLOCK);
  }

  private static RsaKeys keys(int bits) {
    return bits == 1024 ? rsa1024 : rsa2048;
  }

  private static Algorithm algorithm(String alg, RsaKeys keys) {
    return switch (alg) {
      case "RS256" -> Algorithm.RSA256(null, keys.privateKey());
      case "RS384" -> Algorithm.RSA384(null, keys.privateKey());
      case "PS256" -> Algorithm.RSA256PSS(null, keys.privateKey());
      case "PS512" -> Algorithm.RSA512PSS(null, keys.privateKey());
      default -> Algorithm.RSA512(null, keys.privateKey());
    };
  }

  @ParameterizedTest
  @CsvSource({
    "1024,RS256",
    "1024,RS384",
    "1024,RS512",
    "2048,RS256",
    "2048,RS384",
    "2048,RS512",
    "2048,PS256",
    "2048,PS512"
  })
  void authenticate_spkiPem_everyRsaAlgorithmAndKeySize(int bits, String alg) throws Exception {
    JwtAuthenticator auth = authenticator(keys(bits).spkiPem());
    String token = JWT.create().withClaim("role", "writer").sign(algorithm(alg, keys(bits)));

    assertThat(auth.authenticate(Optional.of("Bearer " + token)).role()).isEqualTo("writer");
  }

  @Test
  void create_1024BitKey_warns_2048BitKey_doesNot() throws Exception {
    assertThat(authenticator(rsa1024.spkiPem()).warnings())
        .singleElement()
        .asString()
        .contains("1024-bit RSA key");
    assertThat(authenticator(rsa2048.spkiPem()).warnings()).isEmpty();
  }

  @Test
  void authenticate_pkcs1Pem_accepted() throws Exception {
    JwtAuthenticator auth = authenticator(rsa2048.pkcs1Pem());
    String token = JWT.create().sign(algorithm("RS256", rsa2048));

    assertThat(auth.authenticate(Optional.of("Bearer " + token)).role()).isEqualTo("anon");
  }

  @Test
  void authenticate_tokenFromAnotherKey_rejected() throws Exception {
    JwtAuthenticator auth = authenticator(rsa2048.spkiPem());
    String token = JWT.create().sign(algorithm("RS256", rsa1024));

    assertThatThrownBy(() -> auth.authenticate(Optional.of("Bearer " + token)))
        .isInstanceOf(AuthenticationException.class)
        .hasMessage("token signature is invalid");
  }

  /** The classic confusion attack: HMAC-sign with the public key's PEM text as the secret. */
  @Test
  void authenticate_hmacTokenKeyedWithThePublicKey_rejected() throws Exception {
    byte[] pem = rsa2048.spkiPem();
    JwtAuthenticator auth = authenticator(pem);
    String forged = JWT.create().withClaim("role", "admin").sign(Algorithm.HMAC256(pem));

    assertThatThrownBy(() -> auth.authenticate(Optional.of("Bearer " + forged)))
        .isInstanceOf(AuthenticationException.class)
        .hasMessage(
            "signing method HS256 is invalid (the server accepts PS256, PS384, PS512, RS256, RS384,"
                + " RS512)");
  }

  @Test
  void authenticate_algNone_rejected() throws Exception {
    JwtAuthenticator auth = authenticator(rsa2048.spkiPem());
    String token = JWT.create().sign(Algorithm.none());

    assertThatThrownBy(() -> auth.authenticate(Optional.of("Bearer " + token)))
        .hasMessageStartingWith("signing method none is invalid");
  }

  @Test
  void create_notAPem_failsWithPathAndReason() {
    assertThatThrownBy(() -> authenticator("hello".getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(InvalidKeyFileException.class)
        .hasMessageContaining("--auth-rsa-public-key")
        .hasMessageContaining("no PEM block found");
  }

  @Test
  void create_privateKeyPem_rejected() {
    byte[] pem =
        ("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")
            .getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> authenticator(pem))
        .isInstanceOf(InvalidKeyFileException.class)
        .hasMessageContaining("unsupported PEM block \"PRIVATE KEY\"");
  }
}
