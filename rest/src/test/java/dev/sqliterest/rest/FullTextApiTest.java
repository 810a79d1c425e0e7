package dev.sqliterest.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fts}, {@code plfts}, {@code phfts}, {@code wfts} on FTS5 tables. */
final class FullTextApiTest {

  @TempDir Path dir;
  ApiFixture f;

  @BeforeEach
  void setUp() throws Exception {
    f = new ApiFixture(dir);
    f.sql(
        "CREATE VIRTUAL TABLE docs USING fts5(title, body)",
        "INSERT INTO docs(rowid, title, body) VALUES"
            + " (1, 'The fat cat', 'sat on the mat'),"
            + " (2, 'A lean rat', 'ate the fat cheese'),"
            + " (3, 'Dogs', 'chase cats and rats'),"
            + " (4, 'Supernovae', 'supernovae stars explode, not crabs'),"
            + " (5, 'Crab nebula', 'a supernova remnant with stars')",
        "CREATE TABLE notes(id INTEGER PRIMARY KEY, doc_id INTEGER, text TEXT)",
        "INSERT INTO notes VALUES (1, 1, 'nice'), (2, 2, 'meh')");
  }

  @AfterEach
  void tearDown() throws Exception {
    f.close();
  }

  private List<String> titles(String query) {
    ApiFixture.Result r = f.get("/docs?select=title&order=title&" + query).send();
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    List<String> titles = new ArrayList<>();
    r.json().forEach(row -> titles.add(row.get("title").asText()));
    return titles;
  }

  @Test
  void plain_everyWordInTheColumn() {
    assertThat(titles("body=plfts.fat%20cheese")).containsExactly("A lean rat");
    assertThat(titles("body=plfts.cheese%20mat")).isEmpty();
    assertThat(titles("title=plfts(english).cat")).containsExactly("The fat cat");
  }

  @Test
  void phrase_wordsInOrder() {
    assertThat(titles("body=phfts.supernovae%20stars")).containsExactly("Supernovae");
    assertThat(titles("body=phfts.stars%20supernovae")).isEmpty();
  }

  @Test
  void websearch_quotesOrMinus() {
    assertThat(titles("body=wfts.%22supernovae%20stars%22%20-crabs")).isEmpty();
    assertThat(titles("body=wfts.%22supernovae%20stars%22%20-crab")).containsExactly("Supernovae");
    assertThat(titles("body=wfts.stars%20-crabs")).containsExactly("Crab nebula");
    assertThat(titles("body=wfts.mat%20or%20cheese")).containsExactly("A lean rat", "The fat cat");
  }

  @Test
  void tsquery_andOrNotPrefix() {
    assertThat(titles("body=fts.fat%20%26%20!mat")).containsExactly("A lean rat");
    assertThat(titles("body=fts.(mat%20%7C%20cheese)%20%26%20sat")).containsExactly("The fat cat");
    assertThat(titles("title=fts.(rat%20%7C%20cat)%20%26%20!lean")).containsExactly("The fat cat");
    assertThat(titles("body=fts.super:*")).containsExactly("Crab nebula", "Supernovae");
    assertThat(titles("body=fts.'fat'%20%26%20'cheese'")).containsExactly("A lean rat");
  }

  @Test
  void negated_inLogicTrees_andCounted() {
    assertThat(titles("body=not.plfts.the")).containsExactly("Crab nebula", "Dogs", "Supernovae");
    assertThat(titles("or=(title.plfts.dogs,body.wfts.%22fat%20cheese%22)"))
        .containsExactly("A lean rat", "Dogs");
    ApiFixture.Result r =
        f.get("/docs?select=title&body=plfts.stars").header("Prefer", "count=exact").send();
    assertThat(r.header("Content-Range")).isEqualTo("0-1/2");
  }

  @Test
  void noWords_matchNothing() {
    assertThat(titles("body=plfts.%20-%20")).isEmpty();
    assertThat(titles("body=not.plfts.-")).hasSize(5);
  }

  @Test
  void onlyExcludedWords_clear400() {
    ApiFixture.Result r = f.get("/docs?body=wfts.-crab").send();
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("code").asText()).isEqualTo("PGRST100");
    assertThat(r.json().get("details").asText()).contains("only excludes words");
  }

  @Test
  void ordinaryColumn_clear400() {
    ApiFixture.Result r = f.get("/notes?text=fts.nice").send();
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("code").asText()).isEqualTo("42883");
    assertThat(r.json().get("message").asText())
        .isEqualTo("full-text search needs a column of an FTS5 table");
    assertThat(r.json().get("details").asText()).contains("'notes.text'");
  }

  @Test
  void malformedTsquery_400WithPosition() {
    ApiFixture.Result r = f.get("/docs?body=fts.fat%20cat").send();
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("code").asText()).isEqualTo("PGRST100");
    assertThat(r.json().get("message").asText()).isEqualTo("failed to parse full-text query (fts)");
  }

  /** FTS5 syntax in the query text is searched for as words, never run as FTS5 operators. */
  @Test
  void fts5Syntax_inTheText_isOnlyText() throws Exception {
    for (String text :
        List.of(
            "x%22%20OR%20%22fat", // x" OR "fat
            "title%20:%20fat", // a column filter
            "%7Btitle%7D:%20fat", // {title}: fat
            "NEAR(fat%20cat)",
            "*",
            "fat%22%20OR%20body:%22mat")) {
      for (String op : List.of("plfts", "phfts", "wfts")) {
        ApiFixture.Result r = f.get("/docs?select=title&body=" + op + "." + text).send();
        assertThat(r.status()).as(op + " " + text + ": " + r).isEqualTo(200);
        assertThat(r.json().size()).as(op + " " + text).isLessThanOrEqualTo(1);
      }
    }
    // the words are all there, so plfts finds the row, but as words, not as syntax
    assertThat(titles("body=plfts.fat%22%20OR%20%22mat")).isEmpty();
    assertThat(f.query("SELECT count(*) FROM docs").getFirst().getFirst()).isEqualTo(5);
  }

  @Test
  void combinedWithOtherFilters_onUnindexedColumns() throws Exception {
    f.sql(
        "CREATE TABLE shelves(id INTEGER PRIMARY KEY, name TEXT)",
        "CREATE VIRTUAL TABLE shelf_docs USING fts5(shelf_id UNINDEXED, body)",
        "INSERT INTO shelves VALUES (1, 'a'), (2, 'b')",
        "INSERT INTO shelf_docs VALUES (1, 'red fox'), (1, 'blue fox'), (2, 'red hen')");
    ApiFixture.Result r = f.get("/shelf_docs?select=body&body=plfts.red&shelf_id=eq.1").send();
    assertThat(r.text()).isEqualTo("[{\"body\":\"red fox\"}]");
    // the key kept beside the text leads back to the rows (a virtual table has no foreign keys)
    assertThat(f.get("/shelf_docs?select=shelf_id&body=plfts.red&order=shelf_id").send().text())
        .isEqualTo("[{\"shelf_id\":1},{\"shelf_id\":2}]");
  }
}
