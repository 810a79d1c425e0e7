package dev.sqliterest.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import dev.sqliterest.rest.HttpRequestData.Principal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache of verified tokens never outlives the token, the key, or {@link
 * VerifiedTokens#MAX_AGE}.
 */
final class VerifiedTokensTest {

  private static final Instant T0 = Instant.parse("2026-11-27T12:00:00Z");

  @TempDir Path dir;
  private final AtomicReference<Instant> now = new AtomicReference<>(T0);
  private final InstantSource clock = now::get;

  @Test
  void repeatedToken_servedFromCache() throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(file, "test-token");
    JwtAuthenticator auth = JwtAuthenticator.create(AuthOptions.hmac(file), clock);
    Optional<String> header =
        Optional.of(
            "Bearer " + JWT.create().withClaim("role", "r").sign(Algorithm.HMAC256("test-token")));

    Principal first = auth.authenticate(header);

    assertThat(auth.authenticate(header)).isSameAs(first);
  }

  @Test
  void cachedToken_expiresOnTime() throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(file, "test-token");
    JwtAuthenticator auth = JwtAuthenticator.create(AuthOptions.hmac(file), clock);
    Optional<String> header =
        Optional.of(
            "Bearer "
                + JWT.create()
                    .withExpiresAt(T0.plusSeconds(60))
                    .sign(Algorithm.HMAC256("test-token")));
    auth.authenticate(header);

    now.set(T0.plusSeconds(60 + 29));
    assertThat(auth.authenticate(header)).isNotNull();
    now.set(T0.plusSeconds(60 + 31));
    assertThatThrownBy(() -> auth.authenticate(header)).hasMessage("token has expired");
  }

  @Test
  void entry_withoutExp_keptAtMostMaxAge() throws Exception {
    VerifiedTokens tokens = new VerifiedTokens(clock);
    KeyRing ring =
        KeyRing.hmac("t", "secret".getBytes(), Duration.ZERO, java.time.Clock.systemUTC());
    Principal p = new Principal("r", Map.of());
    tokens.put("tok", ring, p, null, Duration.ofSeconds(30));

    now.set(T0.plus(VerifiedTokens.MAX_AGE).minusSeconds(1));
    assertThat(tokens.get("tok", ring)).isSameAs(p);
    now.set(T0.plus(VerifiedTokens.MAX_AGE));
    assertThat(tokens.get("tok", ring)).isNull();
    assertThat(tokens.size()).isZero();
  }

  @Test
  void entry_otherKeyRing_miss() throws Exception {
    VerifiedTokens tokens = new VerifiedTokens(clock);
    KeyRing a = KeyRing.hmac("a", "secret".getBytes(), Duration.ZERO, java.time.Clock.systemUTC());
    KeyRing b = KeyRing.hmac("b", "secret".getBytes(), Duration.ZERO, java.time.Clock.systemUTC());
    tokens.put("tok", a, new Principal("r", Map.of()), null, Duration.ZERO);

    assertThat(tokens.get("tok", b)).isNull();
  }

  @Test
  void full_clearedInsteadOfGrowing() throws Exception {
    VerifiedTokens tokens = new VerifiedTokens(clock);
    KeyRing ring =
        KeyRing.hmac("t", "secret".getBytes(), Duration.ZERO, java.time.Clock.systemUTC());
    for (int i = 0; i <= VerifiedTokens.MAX_ENTRIES; i++) {
      tokens.put("tok" + i, ring, new Principal("r", Map.of()), null, Duration.ZERO);
    }

    assertThat(tokens.size()).isEqualTo(1);
  }
}
