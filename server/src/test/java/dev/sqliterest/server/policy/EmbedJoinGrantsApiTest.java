package dev.sqliterest.server.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sqliterest.rest.HttpRequestData;
import dev.sqliterest.rest.HttpRequestData.Principal;
import dev.sqliterest.rest.HttpResponseData;
import dev.sqliterest.rest.RestApi;
import dev.sqliterest.rest.RestApiOptions;
import dev.sqliterest.sqlite.Database;
import dev.sqliterest.sqlite.DatabaseOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Column grants hold for the second half of PostgREST's select language: a many-to-many embed reads
 * the junction table's two foreign keys, a spread and an {@code !inner} embed read what they show
 * and filter on, an aggregate reads its column, a full-text filter its column, and a plan needs the
 * same grants as the rows.
 */
final class EmbedJoinGrantsApiTest {

  private static final String POLICY =
      """
      roles:
        tagger:
          books: [read]
          tags: [read]
          books_tags: [read]
        nojunction:
          books: [read]
          tags: [read]
        halfjunction:
          books: [read]
          tags: [read]
          books_tags:
            read: [book_id]
        namer:
          books:
            read: [id, title, author_id]
          authors:
            read: [id, name]
          docs:
            read: [title]
      """;

  @TempDir Path tmp;
  private Database db;
  private RestApi api;

  @BeforeEach
  void open() throws Exception {
    db = Database.open(DatabaseOptions.defaults(tmp.resolve("t.db")).withCreate(true));
    db.write(
        c -> {
          try (Statement st = c.createStatement()) {
            st.executeUpdate(
                "CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT, country TEXT)");
            st.executeUpdate(
                "CREATE TABLE books (id INTEGER PRIMARY KEY, title TEXT, price REAL,"
                    + " author_id INTEGER REFERENCES authors(id))");
            st.executeUpdate("CREATE TABLE tags (id INTEGER PRIMARY KEY, label TEXT)");
            st.executeUpdate(
                "CREATE TABLE books_tags (book_id INTEGER REFERENCES books(id), tag_id INTEGER"
                    + " REFERENCES tags(id), PRIMARY KEY (book_id, tag_id))");
            st.executeUpdate("CREATE VIRTUAL TABLE docs USING fts5(title, body)");
            st.executeUpdate("INSERT INTO authors VALUES (7, 'Le Guin', 'US')");
            st.executeUpdate("INSERT INTO books VALUES (1, 'Earthsea', 9.5, 7)");
            st.executeUpdate("INSERT INTO tags VALUES (1, 'fantasy')");
            st.executeUpdate("INSERT INTO books_tags VALUES (1, 1)");
            st.executeUpdate("INSERT INTO docs VALUES ('secret plans', 'the body is hidden')");
          }
          return null;
        });
    Path file = tmp.resolve("policy.yaml");
    Files.writeString(file, POLICY);
    api =
        new RestApi(
            db,
            RestApiOptions.defaults(PolicyFile.load(file))
                .withAggregatesEnabled(true)
                .withPlansEnabled(true));
  }

  @AfterEach
  void close() throws Exception {
    db.close();
  }

  private HttpResponseData get(String role, String path, String query, String... headers) {
    Map<String, List<String>> map = new java.util.HashMap<>();
    for (int i = 0; i + 1 < headers.length; i += 2) {
      map.put(headers[i], List.of(headers[i + 1]));
    }
    return api.handle(
        new HttpRequestData("GET", path, query, map, new byte[0], new Principal(role, Map.of())));
  }

  private static String text(HttpResponseData r) {
    return new String(r.body().toBytes(), StandardCharsets.UTF_8);
  }

  @Test
  void manyToMany_readsTheJunctionKeys() {
    HttpResponseData ok = get("tagger", "/books", "select=title,tags(label)");
    assertThat(ok.status()).as(text(ok)).isEqualTo(200);
    assertThat(text(ok)).isEqualTo("[{\"title\":\"Earthsea\",\"tags\":[{\"label\":\"fantasy\"}]}]");
    for (String role : List.of("nojunction", "halfjunction")) {
      HttpResponseData r = get(role, "/books", "select=title,tags(label)");
      assertThat(r.status()).as(role + ": " + text(r)).isEqualTo(403);
      assertThat(text(r)).contains("books_tags").doesNotContain("fantasy");
      assertThat(get(role, "/books", "select=title,...tags(label)").status()).isEqualTo(403);
      assertThat(get(role, "/books", "select=title,tags!inner(label)").status()).isEqualTo(403);
    }
  }

  @Test
  void spreadAndInner_readWhatTheyShowAndFilterOn() {
    assertThat(get("namer", "/books", "select=title,...authors(name)").status()).isEqualTo(200);
    HttpResponseData spread = get("namer", "/books", "select=title,...authors(country)");
    assertThat(spread.status()).isEqualTo(403);
    assertThat(text(spread)).doesNotContain("US");
    assertThat(get("namer", "/books", "select=title,authors!inner(name)").status()).isEqualTo(200);
    HttpResponseData inner =
        get("namer", "/books", "select=title,authors!inner(name)&authors.country=eq.US");
    assertThat(inner.status()).as(text(inner)).isEqualTo(403);
  }

  @Test
  void aggregates_readTheirColumn_countReadsNone() {
    assertThat(get("namer", "/books", "select=price.sum()").status()).isEqualTo(403);
    assertThat(get("namer", "/books", "select=author_id,count()").status()).isEqualTo(200);
    assertThat(get("namer", "/authors", "select=name,books(price.max())").status()).isEqualTo(403);
  }

  @Test
  void fullTextFilter_readsItsColumn() {
    assertThat(get("namer", "/docs", "select=title&title=plfts.plans").status()).isEqualTo(200);
    HttpResponseData r = get("namer", "/docs", "select=title&body=plfts.hidden");
    assertThat(r.status()).isEqualTo(403);
    assertThat(text(r)).doesNotContain("secret");
  }

  @Test
  void plans_needTheSameGrantsAsRows() {
    assertThat(
            get("namer", "/books", "select=title", "accept", "application/vnd.pgrst.plan").status())
        .isEqualTo(200);
    assertThat(
            get("namer", "/books", "select=price", "accept", "application/vnd.pgrst.plan").status())
        .isEqualTo(403);
  }
}
