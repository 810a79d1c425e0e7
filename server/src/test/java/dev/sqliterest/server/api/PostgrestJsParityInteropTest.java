package dev.sqliterest.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real client ({@code @supabase/postgrest-js}) on the PostgREST features beyond plain reads and
 * writes: {@code src/test/node/postgrest-js-parity.cjs} runs {@code textSearch} in its four types
 * against the real server, and this test asserts what the client got back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class PostgrestJsParityInteropTest {

  private static final String SECRET = "postgrest-js-parity-secret-0123456789abcdef";

  private LiveServer server;
  private JsonNode results;

  @BeforeAll
  void runClient(@TempDir Path dir) throws Exception {
    Path nodeDir = NodeScripts.postgrestJs();
    Path secret = Files.writeString(dir.resolve("secret"), SECRET);
    String token =
        JWT.create()
            .withClaim("role", "authenticated")
            .sign(Algorithm.HMAC256(SECRET.getBytes(StandardCharsets.UTF_8)));
    server = LiveServer.withHmac(dir, Set.of("docs", "books"), secret, token);
    server.sql(
        "CREATE VIRTUAL TABLE docs USING fts5(title, body)",
        "INSERT INTO docs(rowid, title, body) VALUES (1, 'The fat cat', 'sat on the mat'), (2, 'A"
            + " lean rat', 'ate the fat cheese'), (3, 'Dogs', 'chase cats and rats'), (4,"
            + " 'Supernovae', 'supernovae stars explode')",
        "CREATE TABLE books (id INTEGER PRIMARY KEY, title TEXT)");

    results =
        NodeScripts.run(
            dir,
            "postgrest-js-parity.cjs",
            nodeDir.toString(),
            "http://127.0.0.1:" + server.app.httpPort(),
            token);
  }

  @AfterAll
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private JsonNode result(String name) {
    JsonNode r = results.get(name);
    assertThat(r).as(name).isNotNull();
    assertThat(r.has("thrown")).as(name + ": " + r).isFalse();
    return r;
  }

  private List<String> titles(String name) {
    JsonNode r = result(name);
    assertThat(r.get("error").isNull()).as(name + ": " + r).isTrue();
    List<String> titles = new ArrayList<>();
    r.get("data").forEach(row -> titles.add(row.get("title").asText()));
    return titles;
  }

  @Test
  void textSearch_everyType() {
    assertThat(titles("textSearchTsquery")).containsExactly("A lean rat");
    assertThat(titles("textSearchPlain")).containsExactly("A lean rat");
    assertThat(titles("textSearchPhrase")).containsExactly("Supernovae");
    assertThat(titles("textSearchWebsearch")).containsExactly("A lean rat", "The fat cat");
    assertThat(titles("textSearchNot")).containsExactly("Dogs", "Supernovae");
  }

  @Test
  void textSearch_onAnOrdinaryColumn_isAClearError() {
    JsonNode r = result("textSearchOrdinaryColumn");
    assertThat(r.get("status").asInt()).isEqualTo(400);
    assertThat(r.at("/error/code").asText()).isEqualTo("42883");
    assertThat(r.at("/error/message").asText())
        .isEqualTo("full-text search needs a column of an FTS5 table");
  }
}
