package dev.sqliterest.server.api;

import static dev.sqliterest.server.api.LiveServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sqliterest.server.config.ApiFeatures;
import dev.sqliterest.server.config.ServeConfig;
import dev.sqliterest.sqlite.DatabaseOptions;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PostgREST's second-half features over real HTTP, with the query strings percent-encoded as
 * clients send them: full-text search, and injection attempts in each new syntax, which must answer
 * 200 or 400 with the database unchanged.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class ParityHttpTest {

  private LiveServer server;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    server =
        LiveServer.start(
            ServeConfig.loopback(
                    DatabaseOptions.defaults(dir.resolve("test.db")).withCreate(true),
                    Set.of("docs", "books", "authors", "tags", "books_tags"))
                .withAuth(Optional.empty())
                .withFeatures(new ApiFeatures(true, true)));
    server.sql(
        "CREATE VIRTUAL TABLE docs USING fts5(title, body)",
        "INSERT INTO docs(rowid, title, body) VALUES (1, 'The fat cat', 'sat on the mat'),"
            + " (2, 'A lean rat', 'ate the fat cheese'), (3, 'Dogs', 'chase cats and rats')",
        "CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT)",
        "CREATE TABLE books (id INTEGER PRIMARY KEY, title TEXT, author_id INTEGER REFERENCES"
            + " authors(id), price REAL)",
        "CREATE TABLE tags (id INTEGER PRIMARY KEY, label TEXT)",
        "CREATE TABLE books_tags (book_id INTEGER REFERENCES books(id), tag_id INTEGER REFERENCES"
            + " tags(id), PRIMARY KEY (book_id, tag_id))",
        "INSERT INTO authors VALUES (1, 'Austen'), (2, 'Le Guin')",
        "INSERT INTO books VALUES (1, 'Emma', 1, 10.0), (2, 'Persuasion', 1, 8.5), (3,"
            + " 'Earthsea', 2, 12.0), (4, 'Anonymous', NULL, 1.0)",
        "INSERT INTO tags VALUES (1, 'classic'), (2, 'fantasy')",
        "INSERT INTO books_tags VALUES (1, 1), (2, 1), (3, 2)",
        "CREATE TABLE secrets (id INTEGER PRIMARY KEY, pin TEXT)",
        "INSERT INTO secrets VALUES (1, '1234')");
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private HttpResponse<String> get(String table, String key, String value) {
    return server.get("/" + table + "?" + enc(key) + "=" + enc(value));
  }

  private List<String> titles(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    List<String> titles = new ArrayList<>();
    json(r).forEach(row -> titles.add(row.get("title").asText()));
    return titles;
  }

  @Test
  void fullText_fourOperatorsAndNegation() {
    assertThat(titles(get("docs", "body", "plfts.fat cheese"))).containsExactly("A lean rat");
    assertThat(titles(get("docs", "body", "phfts(english).the fat cheese")))
        .containsExactly("A lean rat");
    assertThat(titles(get("docs", "body", "wfts.\"the mat\" or cheese")))
        .containsExactlyInAnyOrder("The fat cat", "A lean rat");
    assertThat(titles(get("docs", "body", "fts.cat:* & !mat"))).containsExactly("Dogs");
    assertThat(titles(get("docs", "body", "not.plfts.the"))).containsExactly("Dogs");
  }

  @Test
  void fullText_onAnOrdinaryTable_is400() {
    HttpResponse<String> r = get("books", "title", "fts.emma");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("code").asText()).isEqualTo("42883");
  }

  /** SQL and FTS5 syntax in a full-text query: a bound string of FTS5 strings, never code. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "plfts.x') OR 1=1 --",
        "plfts.\" OR \"",
        "wfts.\") OR rowid IN (SELECT id FROM secrets) --",
        "fts.'a'' OR ''b'",
        "phfts.\"title\" : cat",
        "fts.cat) | (1",
        "wfts.NEAR(fat cat, 10) {title body}: *",
        "plfts(english'); DROP TABLE books; --).cat",
        "fts(x\" OR \").cat"
      })
  void fullText_injection_isTextOr400(String value) throws Exception {
    HttpResponse<String> r = get("docs", "body", value);
    assertThat(r.statusCode()).as(value + " -> " + r.body()).isIn(200, 400);
    if (r.statusCode() == 200) {
      assertThat(json(r).size()).as(value).isZero();
    } else {
      assertThat(json(r).get("code").asText()).startsWith("PGRST");
    }
    assertUnchanged();
  }

  private void assertUnchanged() {
    assertThat(server.get("/books?select=id&order=id").body())
        .isEqualTo("[{\"id\":1},{\"id\":2},{\"id\":3},{\"id\":4}]");
    assertThat(server.get("/secrets").statusCode()).isEqualTo(403);
  }

  @Test
  void embeds_innerSpreadManyToMany() {
    assertThat(
            server
                .get(
                    "/books?"
                        + q("select", "title,authors!inner(name)")
                        + "&authors.name=eq.Austen")
                .body())
        .isEqualTo(
            "[{\"title\":\"Emma\",\"authors\":{\"name\":\"Austen\"}},"
                + "{\"title\":\"Persuasion\",\"authors\":{\"name\":\"Austen\"}}]");
    assertThat(
            server
                .get("/books?" + q("select", "title,...authors(author:name)") + "&id=eq.3")
                .body())
        .isEqualTo("[{\"title\":\"Earthsea\",\"author\":\"Le Guin\"}]");
    assertThat(server.get("/tags?" + q("select", "label,books(title)") + "&id=eq.2").body())
        .isEqualTo("[{\"label\":\"fantasy\",\"books\":[{\"title\":\"Earthsea\"}]}]");
  }

  @Test
  void aggregates_andPlans() {
    assertThat(
            server
                .get(
                    "/books?"
                        + q("select", "author_id,price.sum(),count()")
                        + "&order=author_id.nullsfirst")
                .body())
        .isEqualTo(
            "[{\"author_id\":null,\"sum\":1.0,\"count\":1},"
                + "{\"author_id\":1,\"sum\":18.5,\"count\":2},"
                + "{\"author_id\":2,\"sum\":12.0,\"count\":1}]");
    HttpResponse<String> r =
        server.get("/books?id=eq.1", "Accept", "application/vnd.pgrst.plan+text");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/vnd.pgrst.plan+text");
    assertThat(r.body()).startsWith("QUERY PLAN\n").contains("SEARCH");
  }

  /** Embed, spread, hint and aggregate syntax with SQL in it: 400, nothing run. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "title,authors!inner(name);DROP TABLE books",
        "title,...authors(name),(select pin from secrets)",
        "title,authors!\"x\"\" OR 1=1 --\"(name)",
        "title,tags!books_tags;DROP TABLE tags(label)",
        "price.sum() FROM secrets --",
        "price.sum()::int); DROP TABLE books; --",
        "price::\"int) FROM secrets --\".sum()",
        "count() FROM secrets",
        "...secrets(pin)",
        "title,tags!secrets(label)",
        "title,authors!inner(name)&authors.name=eq.x') OR 1=1 --"
      })
  void selectInjection_is400OrHarmless(String select) {
    HttpResponse<String> r = server.get("/books?" + q("select", select));
    assertThat(r.statusCode()).as(select + " -> " + r.body()).isIn(400, 403);
    assertThat(r.body()).doesNotContain("1234");
    assertUnchanged();
  }

  private static String q(String key, String value) {
    return enc(key) + "=" + enc(value);
  }
}
