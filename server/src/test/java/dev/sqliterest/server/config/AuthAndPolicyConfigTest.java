package dev.sqliterest.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sqliterest.rest.AccessPolicy.Action;
import dev.sqliterest.rest.HttpRequestData.Principal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class AuthAndPolicyConfigTest {

  @TempDir Path dir;

  @Test
  void auth_exactlyOneKeySource() throws Exception {
    Path secret = Files.writeString(dir.resolve("secret"), "topsecret");
    Path key = Files.writeString(dir.resolve("key.pem"), "pem");

    assertThat(AuthConfig.of(secret, null, false)).isEqualTo(new AuthConfig.HmacSecretFile(secret));
    assertThat(AuthConfig.of(null, key, false)).isEqualTo(new AuthConfig.RsaPublicKeyFile(key));
    assertThat(AuthConfig.of(null, null, true)).isEqualTo(new AuthConfig.Disabled());
    assertThatThrownBy(() -> AuthConfig.of(secret, key, false)).hasMessageContaining("only one");
    assertThatThrownBy(() -> AuthConfig.of(null, null, false)).hasMessageContaining("needs");
    assertThatThrownBy(() -> AuthConfig.of(secret, null, true))
        .hasMessageContaining("--auth-disabled cannot be combined");
    assertThatThrownBy(() -> AuthConfig.of(dir.resolve("nope"), null, false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("cannot read file");
  }

  @ParameterizedTest
  @CsvSource({"books,", "Books,Access Restricted", "__sqlite_rest_migrations,Access Restricted",
      "authors,Access Restricted"})
  void allowlist_exactCaseSensitiveMatchForEveryAction(String table, String denial) {
    TableAllowlist allowlist = new TableAllowlist(Set.of("books", "books_view"));

    for (Action action : Action.values()) {
      assertThat(allowlist.denied(Principal.ANONYMOUS, table, action, Set.of()).orElse(null))
          .isEqualTo(denial);
    }
  }

  @ParameterizedTest
  @CsvSource({"-5,ERROR", "-2,ERROR", "-1,WARN", "0,INFO", "5,INFO", "7,INFO", "8,DEBUG",
      "9,DEBUG", "10,TRACE", "12,TRACE"})
  void logLevel_mapsSqliteRestVerbosityToLogback(int level, String logback) {
    assertThat(new LogSettings(level, false).logbackLevel()).isEqualTo(logback);
  }

  @Test
  void logLevel_librariesStayQuietBelowTen() {
    assertThat(new LogSettings(9, false).libraryLevel()).isEqualTo("WARN");
    assertThat(new LogSettings(10, false).libraryLevel()).isEqualTo("DEBUG");
  }
}
