package dev.sqliterest.server.api;

import static dev.sqliterest.server.api.LiveServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
    server = LiveServer.withoutAuth(dir, Set.of("docs", "books"));
    server.sql(
        "CREATE VIRTUAL TABLE docs USING fts5(title, body)",
        "INSERT INTO docs(rowid, title, body) VALUES (1, 'The fat cat', 'sat on the mat'),"
            + " (2, 'A lean rat', 'ate the fat cheese'), (3, 'Dogs', 'chase cats and rats')",
        "CREATE TABLE books (id INTEGER PRIMARY KEY, title TEXT)",
        "INSERT INTO books VALUES (1, 'Emma')",
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
    assertThat(server.get("/books").body()).isEqualTo("[{\"id\":1,\"title\":\"Emma\"}]");
  }
}
