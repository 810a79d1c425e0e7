package dev.sqliterest.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key files are re-read when they change on disk, without a restart. */
final class KeyRotationTest {

  private static final InstantSource CLOCK =
      InstantSource.fixed(Instant.parse("2026-11-27T12:00:00Z"));

  @TempDir Path dir;

  private static Optional<String> bearer(String token) {
    return Optional.of("Bearer " + token);
  }

  /**
   * Bumps mtime explicitly so the test does not depend on the file system's timestamp granularity.
   */
  private static void rewrite(Path file, byte[] content, int secondsLater) throws Exception {
    Files.write(file, content);
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(secondsLater)));
  }

  @Test
  void hmacSecretRewritten_newTokensAcceptedOldRejected() throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(file, "first-secret");
    JwtAuthenticator auth = JwtAuthenticator.create(AuthOptions.hmac(file), CLOCK, Duration.ZERO);
    String oldToken = JWT.create().sign(Algorithm.HMAC256("first-secret"));
    String newToken = JWT.create().sign(Algorithm.HMAC256("second-secret-same-len"));
    assertThat(auth.authenticate(bearer(oldToken))).isNotNull();

    rewrite(file, "second-secret-same-len".getBytes(StandardCharsets.UTF_8), 5);

    assertThat(auth.authenticate(bearer(newToken))).isNotNull();
    assertThatThrownBy(() -> auth.authenticate(bearer(oldToken)))
        .hasMessage("token signature is invalid");
  }

  @Test
  void hmacSecretSameSizeAndSwappedByRename_detected() throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(file, "aaaaaaaaaa");
    JwtAuthenticator auth = JwtAuthenticator.create(AuthOptions.hmac(file), CLOCK, Duration.ZERO);
    Path staged = dir.resolve("token.new");
    Files.writeString(staged, "bbbbbbbbbb");
    Files.setLastModifiedTime(staged, Files.getLastModifiedTime(file));

    // same size, same mtime: only the file identity (inode) differs, as with a Kubernetes secret
    // swap
    Files.move(staged, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

    assertThat(auth.authenticate(bearer(JWT.create().sign(Algorithm.HMAC256("bbbbbbbbbb")))))
        .isNotNull();
  }

  @Test
  void rsaKeyRotated_newKeyUsed() throws Exception {
    RsaKeys first = RsaKeys.generate(2048);
    RsaKeys second = RsaKeys.generate(2048);
    Path file = dir.resolve("key.pem");
    Files.write(file, first.spkiPem());
    JwtAuthenticator auth = JwtAuthenticator.create(AuthOptions.rsa(file), CLOCK, Duration.ZERO);
    String firstToken = JWT.create().sign(Algorithm.RSA256(null, first.privateKey()));
    String secondToken = JWT.create().sign(Algorithm.RSA256(null, second.privateKey()));
    assertThat(auth.authenticate(bearer(firstToken))).isNotNull();

    rewrite(file, second.spkiPem(), 5);

    assertThat(auth.authenticate(bearer(secondToken))).isNotNull();
    assertThatThrownBy(() -> auth.authenticate(bearer(firstToken)))
        .hasMessage("token signature is invalid");
  }

  @Test
  void rsaKeyReplacedByGarbage_previousKeyKeptUntilAGoodOneArrives() throws Exception {
    RsaKeys first = RsaKeys.generate(1024);
    RsaKeys second = RsaKeys.generate(1024);
    Path file = dir.resolve("key.pem");
    Files.write(file, first.spkiPem());
    JwtAuthenticator auth = JwtAuthenticator.create(AuthOptions.rsa(file), CLOCK, Duration.ZERO);
    String firstToken = JWT.create().sign(Algorithm.RSA256(null, first.privateKey()));

    rewrite(file, "-----BEGIN PUBLIC KEY-----\nhalf-writ".getBytes(StandardCharsets.US_ASCII), 5);
    assertThat(auth.authenticate(bearer(firstToken))).isNotNull();

    rewrite(file, second.spkiPem(), 10);
    assertThat(
            auth.authenticate(
                bearer(JWT.create().sign(Algorithm.RSA256(null, second.privateKey())))))
        .isNotNull();
  }

  @Test
  void defaultRecheck_rotationSeenWithinASecond() throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(file, "first-secret");
    JwtAuthenticator auth = JwtAuthenticator.create(AuthOptions.hmac(file), CLOCK);
    String newToken = JWT.create().sign(Algorithm.HMAC256("second-secret"));

    rewrite(file, "second-secret".getBytes(StandardCharsets.UTF_8), 5);
    Thread.sleep(JwtAuthenticator.KEY_RECHECK.toMillis() + 100);

    assertThat(auth.authenticate(bearer(newToken))).isNotNull();
  }

  @Test
  void withinRecheckInterval_fileNotLookedAt() throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(file, "first-secret");
    JwtAuthenticator auth =
        JwtAuthenticator.create(AuthOptions.hmac(file), CLOCK, Duration.ofHours(1));
    String oldToken = JWT.create().sign(Algorithm.HMAC256("first-secret"));

    rewrite(file, "second-secret".getBytes(StandardCharsets.UTF_8), 5);

    assertThat(auth.authenticate(bearer(oldToken))).isNotNull();
  }

  @Test
  void keyFileDeleted_previousKeyKept() throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(file, "first-secret");
    JwtAuthenticator auth = JwtAuthenticator.create(AuthOptions.hmac(file), CLOCK, Duration.ZERO);
    String token = JWT.create().sign(Algorithm.HMAC256("first-secret"));

    Files.delete(file);

    assertThat(auth.authenticate(bearer(token))).isNotNull();
    assertThat(auth.authenticate(bearer(token))).isNotNull();
  }

  @Test
  void unchangedFile_parsedOnce() throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(file, "test-token");
    int[] parses = {0};
    WatchedFile<String> watched =
        WatchedFile.load(
            file,
            Duration.ZERO,
            bytes -> {
              parses[0]++;
              return new String(bytes, StandardCharsets.UTF_8);
            });

    for (int i = 0; i < 100; i++) {
      assertThat(watched.get()).isEqualTo("test-token");
    }

    assertThat(parses[0]).isEqualTo(1);
  }
}
