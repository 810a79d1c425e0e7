package dev.sqliterest.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import dev.sqliterest.server.App;
import dev.sqliterest.server.Wiring;
import dev.sqliterest.server.auth.AuthOptions;
import dev.sqliterest.server.config.ServeConfig;
import dev.sqliterest.server.testing.Http;
import dev.sqliterest.sqlite.DatabaseOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --security-policy-file} wired into serve: the token's role decides, per table. */
final class RoleGrantPolicyHttpTest {

  private static final String SECRET = "role-grant-policy-http-test-secret-0123456789";

  @TempDir Path dir;

  @Test
  void policyFile_grantsByRoleInsteadOfTheAllowlist() throws Exception {
    Path db = dir.resolve("p.db");
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      c.createStatement().executeUpdate("CREATE TABLE books (id INTEGER PRIMARY KEY, title TEXT)");
      c.createStatement().executeUpdate("INSERT INTO books VALUES (1, 'Emma')");
    }
    Path secret = Files.writeString(dir.resolve("secret"), SECRET);
    Path policy =
        Files.writeString(dir.resolve("policy.yaml"), "roles:\n  reader:\n    books: [read]\n");
    ServeConfig config =
        ServeConfig.loopback(DatabaseOptions.defaults(db), Set.of())
            .withAuth(Optional.of(AuthOptions.hmac(secret)))
            .withPolicyFile(Optional.of(policy));
    Algorithm hmac = Algorithm.HMAC256(SECRET);

    try (App app = App.start(config, Wiring.defaults())) {
      Http http = new Http(app.httpPort());
      String reader = JWT.create().withClaim("role", "reader").sign(hmac);
      String other = JWT.create().withClaim("role", "other").sign(hmac);

      assertThat(http.get("/books", "Authorization", "Bearer " + reader).body())
          .isEqualTo("[{\"id\":1,\"title\":\"Emma\"}]");
      assertThat(http.get("/books", "Authorization", "Bearer " + other).statusCode())
          .isEqualTo(403);
    }
  }
}
