package dev.sqliterest.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sqliterest.server.auth.AuthOptions;
import dev.sqliterest.server.config.ApiFeatures;
import dev.sqliterest.server.config.ServeConfig;
import dev.sqliterest.sqlite.DatabaseOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real client ({@code @supabase/postgrest-js}) on the PostgREST features beyond plain reads and
 * writes: {@code src/test/node/postgrest-js-parity.cjs} runs {@code textSearch} in its four types,
 * {@code !inner}, spread and many-to-many embeds, aggregates and {@code explain()} against the real
 * server (aggregates and plans enabled), and this test asserts what the client got back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class PostgrestJsParityInteropTest {

  private static final String SECRET = "postgrest-js-parity-secret-0123456789abcdef";

  private LiveServer server;
  private ClientResults results;

  @BeforeAll
  void runClient(@TempDir Path dir) throws Exception {
    NodeScripts.postgrestJs(); // skips or fails before starting a server when the client is missing
    Path secret = Files.writeString(dir.resolve("secret"), SECRET);
    String token =
        JWT.create()
            .withClaim("role", "authenticated")
            .sign(Algorithm.HMAC256(SECRET.getBytes(StandardCharsets.UTF_8)));
    server =
        LiveServer.start(
            ServeConfig.loopback(
                    DatabaseOptions.defaults(dir.resolve("test.db")).withCreate(true),
                    Set.of("docs", "books", "authors", "tags", "books_tags"))
                .withAuth(Optional.of(AuthOptions.hmac(secret)))
                .withFeatures(new ApiFeatures(true, true)));
    server.sql(
        "CREATE VIRTUAL TABLE docs USING fts5(title, body)",
        "INSERT INTO docs(rowid, title, body) VALUES (1, 'The fat cat', 'sat on the mat'), (2, 'A"
            + " lean rat', 'ate the fat cheese'), (3, 'Dogs', 'chase cats and rats'), (4,"
            + " 'Supernovae', 'supernovae stars explode')",
        "CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT)",
        "CREATE TABLE books (id INTEGER PRIMARY KEY, title TEXT, author_id INTEGER REFERENCES"
            + " authors(id), price REAL)",
        "CREATE TABLE tags (id INTEGER PRIMARY KEY, label TEXT)",
        "CREATE TABLE books_tags (book_id INTEGER REFERENCES books(id), tag_id INTEGER REFERENCES"
            + " tags(id), PRIMARY KEY (book_id, tag_id))",
        "INSERT INTO authors VALUES (1, 'Austen'), (2, 'Le Guin')",
        "INSERT INTO books VALUES (1, 'Emma', 1, 10.0), (2, 'Persuasion', 1, 8.5), (3,"
            + " 'Earthsea', 2, 12.0)",
        "INSERT INTO tags VALUES (1, 'romance'), (2, 'classic')",
        "INSERT INTO books_tags VALUES (1, 1), (1, 2)");

    results = ClientResults.run(dir, "postgrest-js-parity.cjs", server, token);
  }

  @AfterAll
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private JsonNode result(String name) {
    return results.result(name);
  }

  private JsonNode data(String name) {
    return results.data(name);
  }

  private List<String> titles(String name) {
    List<String> titles = new ArrayList<>();
    data(name).forEach(row -> titles.add(row.get("title").asText()));
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
  void embeds_innerSpreadManyToMany() {
    assertThat(data("innerEmbed").toString())
        .isEqualTo(
            "[{\"title\":\"Emma\",\"authors\":{\"name\":\"Austen\"}},"
                + "{\"title\":\"Persuasion\",\"authors\":{\"name\":\"Austen\"}}]");
    assertThat(data("spreadEmbed").toString())
        .isEqualTo("[{\"title\":\"Earthsea\",\"author_name\":\"Le Guin\"}]");
    assertThat(data("manyToMany").toString())
        .isEqualTo(
            "[{\"title\":\"Emma\",\"tags\":[{\"label\":\"classic\"},{\"label\":\"romance\"}]}]");
  }

  @Test
  void aggregates() {
    assertThat(data("countAggregate").toString()).isEqualTo("[{\"count\":3}]");
    assertThat(data("groupedAggregate").toString())
        .isEqualTo(
            "[{\"author_id\":1,\"total\":18.5,\"count\":2},"
                + "{\"author_id\":2,\"total\":12,\"count\":1}]"); // 12.0 as JavaScript writes it
    assertThat(data("aggregateInEmbed").toString())
        .isEqualTo(
            "[{\"name\":\"Austen\",\"books\":[{\"count\":2}]},"
                + "{\"name\":\"Le Guin\",\"books\":[{\"count\":1}]}]");
  }

  @Test
  void explain_jsonAndText() {
    JsonNode json = data("explainJson");
    assertThat(json.isArray()).as(json.toString()).isTrue();
    assertThat(json.toString()).contains("SEARCH books USING INTEGER PRIMARY KEY");
    JsonNode text = data("explainText");
    assertThat(text.asText()).startsWith("QUERY PLAN\n").contains("SCAN books");
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
