package dev.sqliterest.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import dev.sqliterest.rest.HttpRequestData.Principal;
import dev.sqliterest.server.App;
import dev.sqliterest.server.Wiring;
import dev.sqliterest.server.testing.AuthFailures;
import dev.sqliterest.server.testing.Http;
import dev.sqliterest.server.testing.RecordingApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sqlite-rest demo}: files it creates, what it serves, and what it prints. */
final class DemoCommandTest {

  @TempDir Path dir;

  /** Checks tokens with the demo's secret file (stands in for the JWT verifier). */
  private static Wiring wiring(RecordingApi api) {
    return Wiring.defaults()
        .withApi((db, c, p, d) -> api)
        .withAuthenticators(
            auth ->
                header -> {
                  Path secret = auth.orElseThrow().keys().file();
                  try {
                    DecodedJWT jwt =
                        JWT.require(Algorithm.HMAC256(Files.readAllBytes(secret)))
                            .build()
                            .verify(header.orElseThrow().substring("Bearer ".length()));
                    return new Principal(jwt.getClaim("role").asString(), Map.of());
                  } catch (Exception e) {
                    throw AuthFailures.reject(e.getMessage());
                  }
                });
  }

  @Test
  void demo_createsBookstoreAndSecret_servesThemAndPrintsTokenAndCurls() throws Exception {
    RecordingApi api = new RecordingApi();
    CliRun run = new CliRun(Map.of(), dir, wiring(api));

    CompletableFuture<Integer> exit =
        run.start("demo", "--http-addr", "127.0.0.1:0", "--metrics-addr", "127.0.0.1:0");
    App app = run.awaitStarted();

    Path db = dir.resolve("demo/bookstore.db");
    assertThat(app.config().database().path()).isEqualTo(db);
    assertThat(app.config().allowTables())
        .containsExactlyInAnyOrder("books", "authors", "books_with_authors");
    assertThat(rowCount(db, "books")).isEqualTo(10);
    assertThat(rowCount(db, "authors")).isEqualTo(6);
    assertThat(rowCount(db, "books_with_authors")).isEqualTo(10);
    assertThat(Files.readString(dir.resolve("demo/jwt-secret"))).matches("[0-9a-f]{64}");

    String out = run.out.toString();
    Matcher token = Pattern.compile("export TOKEN=(\\S+)").matcher(out);
    assertThat(token.find()).isTrue();
    assertThat(out.lines().filter(l -> l.startsWith("curl "))).hasSize(3);
    assertThat(out).contains("http://localhost:" + app.httpPort() + "/books?");

    Http http = new Http(app.httpPort());
    assertThat(http.get("/books", "Authorization", "Bearer " + token.group(1)).statusCode())
        .isEqualTo(200);
    assertThat(api.last().principal().role()).isEqualTo("demo");
    assertThat(http.get("/books", "Authorization", "Bearer forged.token.x").statusCode())
        .isEqualTo(401);
    assertThat(run.stopAndWait(exit)).isEqualTo(ExitCodes.OK);
  }

  @Test
  void demo_secondRun_keepsDatabaseAndSecret() throws Exception {
    CliRun first = new CliRun(Map.of(), dir, wiring(new RecordingApi()));
    CompletableFuture<Integer> exit =
        first.start("demo", "--http-addr", "127.0.0.1:0", "--metrics-addr", "");
    first.awaitStarted();
    first.stopAndWait(exit);
    String secret = Files.readString(dir.resolve("demo/jwt-secret"));
    try (Connection c =
        DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("demo/bookstore.db"))) {
      c.createStatement().executeUpdate("INSERT INTO authors (id, name) VALUES (99, 'Added')");
    }

    CliRun second = new CliRun(Map.of(), dir, wiring(new RecordingApi()));
    exit = second.start("demo", "--http-addr", "127.0.0.1:0", "--metrics-addr", "");
    second.awaitStarted();
    second.stopAndWait(exit);

    assertThat(Files.readString(dir.resolve("demo/jwt-secret"))).isEqualTo(secret);
    assertThat(rowCount(dir.resolve("demo/bookstore.db"), "authors")).isEqualTo(7);
  }

  private static long rowCount(Path db, String table) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
