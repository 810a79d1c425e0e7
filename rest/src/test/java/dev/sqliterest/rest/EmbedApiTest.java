package dev.sqliterest.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resource embedding along foreign keys: many-to-one objects, one-to-many arrays, nesting. */
final class EmbedApiTest {

  @TempDir Path dir;
  @AutoClose ApiFixture f;

  @BeforeEach
  void createAuthorsAndBooks() throws Exception {
    f =
        new ApiFixture(dir)
            .sql(
                "CREATE TABLE authors(id INTEGER PRIMARY KEY, name TEXT, photo BLOB)",
                "CREATE TABLE books(id INTEGER PRIMARY KEY, title TEXT, author_id INTEGER REFERENCES"
                    + " authors(id), editor_id INTEGER REFERENCES authors, published BOOLEAN)",
                "CREATE TABLE reviews(id INTEGER PRIMARY KEY, book_id INTEGER REFERENCES books(id), stars"
                    + " INTEGER)",
                "CREATE TABLE people(id INTEGER PRIMARY KEY, name TEXT, boss_id INTEGER REFERENCES"
                    + " people(id))",
                "INSERT INTO authors VALUES (1, 'Herbert', NULL), (2, 'Austen', NULL), (3, 'Nobody',"
                    + " x'00')",
                "INSERT INTO books VALUES (1, 'Dune', 1, 2, 1), (2, 'Emma', 2, NULL, 0), (3, 'Orphan',"
                    + " NULL, NULL, NULL)",
                "INSERT INTO reviews VALUES (1, 1, 5), (2, 1, 4), (3, 2, 3)",
                "INSERT INTO people VALUES (1, 'Ada', NULL), (2, 'Bob', 1)");
  }

  @Test
  void manyToOne_isObjectOrNull() {
    var r = f.get("/books?select=title,author:authors!author_id(name)&order=id").send();
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.text())
        .isEqualTo(
            "[{\"title\":\"Dune\",\"author\":{\"name\":\"Herbert\"}},{\"title\":\"Emma\",\"author\":{\"name\":\"Austen\"}},"
                + "{\"title\":\"Orphan\",\"author\":null}]");
  }

  @Test
  void oneToMany_isArrayEmptyWhenNone_andNests() {
    var r =
        f.get(
                "/authors?select=name,books!author_id(title,published,reviews(stars))&id=lt.3&order=id")
            .send();
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.text())
        .isEqualTo(
            "[{\"name\":\"Herbert\",\"books\":[{\"title\":\"Dune\",\"published\":true,\"reviews\":[{\"stars\":5},{\"stars\":4}]}]},"
                + "{\"name\":\"Austen\",\"books\":[{\"title\":\"Emma\",\"published\":false,\"reviews\":[{\"stars\":3}]}]}]");
    // Java writer (CSV-free path check): stripped nulls render the same embed JSON
    var stripped =
        f.get("/reviews?select=stars,books(title)&id=eq.3")
            .header("Accept", "application/vnd.pgrst.array+json;nulls=stripped")
            .send();
    assertThat(stripped.text()).isEqualTo("[{\"stars\":3,\"books\":{\"title\":\"Emma\"}}]");
  }

  @Test
  void embedParameters_filterOrderAndWindowTheEmbeddedRows() {
    var r =
        f.get(
                "/books?select=title,reviews(stars)&reviews.order=stars.asc&reviews.stars=gte.4&id=lt.3&order=id")
            .send();
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.text())
        .isEqualTo(
            "[{\"title\":\"Dune\",\"reviews\":[{\"stars\":4},{\"stars\":5}]},{\"title\":\"Emma\",\"reviews\":[]}]");
    var limited =
        f.get(
                "/books?select=title,r:reviews(stars)&r.order=stars.desc&r.limit=1&r.offset=1&id=eq.1")
            .send();
    assertThat(limited.text()).isEqualTo("[{\"title\":\"Dune\",\"r\":[{\"stars\":4}]}]");
    var logic =
        f.get(
                "/authors?select=name,books!author_id(title,reviews(stars))&books.reviews.or=(stars.eq.3,stars.eq.5)&id=lt.3&order=id")
            .send();
    assertThat(logic.text())
        .isEqualTo(
            "[{\"name\":\"Herbert\",\"books\":[{\"title\":\"Dune\",\"reviews\":[{\"stars\":5}]}]},"
                + "{\"name\":\"Austen\",\"books\":[{\"title\":\"Emma\",\"reviews\":[{\"stars\":3}]}]}]");
    var toOne =
        f.get("/books?select=title,authors!author_id(name)&authors.name=eq.Austen&order=id").send();
    assertThat(toOne.text())
        .isEqualTo(
            "[{\"title\":\"Dune\",\"authors\":null},{\"title\":\"Emma\",\"authors\":{\"name\":\"Austen\"}},"
                + "{\"title\":\"Orphan\",\"authors\":null}]");
  }

  @Test
  void embedParameters_withoutTheEmbed_are400() {
    var r = f.get("/books?select=title&reviews.stars=eq.5").send();
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.code()).isEqualTo("PGRST108");
    assertThat(f.get("/books?select=title,reviews(stars)&reviews.nope=eq.5").send().code())
        .isEqualTo("42703");
    assertThat(f.get("/books?select=title,reviews(stars)&reviews.order=nope").send().status())
        .isEqualTo(400);
    assertThat(f.call("PATCH", "/books?reviews.stars=eq.5").body("{\"title\":\"x\"}").send().code())
        .isEqualTo("PGRST108");
  }

  @Test
  void ambiguousRelationship_is300WithHint() {
    var r = f.get("/books?select=title,authors(name)").send();
    assertThat(r.status()).isEqualTo(300);
    assertThat(r.code()).isEqualTo("PGRST201");
    assertThat(r.json().get("hint").asText())
        .contains("authors!author_id")
        .contains("authors!editor_id");
    var editor = f.get("/books?select=title,editor:authors!editor_id(name)&id=eq.1").send();
    assertThat(editor.text()).isEqualTo("[{\"title\":\"Dune\",\"editor\":{\"name\":\"Austen\"}}]");
  }

  @Test
  void selfReference_bothDirections() {
    var boss = f.get("/people?select=name,boss:people!boss_id(name)&order=id").send();
    assertThat(boss.status()).as(boss.toString()).isEqualTo(300); // parent->child and child->parent
    var r = f.get("/people?select=name,reports:people!boss_id(name)&id=eq.1").send();
    assertThat(r.status()).isEqualTo(300);
  }

  @Test
  void noRelationship_is400_unknownTable_is400() {
    assertThat(f.get("/reviews?select=stars,authors(name)").send().code()).isEqualTo("PGRST200");
    assertThat(f.get("/reviews?select=stars,nope(name)").send().code()).isEqualTo("PGRST200");
    assertThat(f.get("/books?select=title,authors!author_id(nope)").send().code())
        .isEqualTo("42703");
  }

  @Test
  void blobInsideEmbed_is400WithHint_topLevelBlobIsBase64() throws Exception {
    f.sql("INSERT INTO books VALUES (4, 'Blobby', 3, NULL, NULL)");
    var r = f.get("/books?select=title,authors!author_id(photo)&id=eq.4").send();
    assertThat(r.status()).as(r.toString()).isEqualTo(400);
    assertThat(r.json().get("hint").asText()).contains("top level");
    var top = f.get("/authors?select=photo,books!author_id(title)&id=eq.3").send();
    assertThat(top.text()).isEqualTo("[{\"photo\":\"AA==\",\"books\":[{\"title\":\"Blobby\"}]}]");
  }

  @Test
  void embeddedTable_needsItsOwnAccess() {
    f.api = new RestApi(f.db, RestApiOptions.defaults(new AllowListPolicy(Set.of("books"))));
    var r = f.get("/books?select=title,authors!author_id(name)").send();
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.json().get("message").asText()).isEqualTo("Access Restricted");
  }

  @Test
  void embedInWriteRepresentation_isNotImplemented() {
    var r =
        f.call("POST", "/books?select=title,authors!author_id(name)")
            .header("Prefer", "return=representation")
            .body("{\"id\":9,\"title\":\"x\"}")
            .send();
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.code()).isEqualTo("PGRST127");
  }

  @Test
  void maxRows_capsTheReadAndEveryEmbeddedArray() {
    f.api = new RestApi(f.db, RestApiOptions.defaults(AllowListPolicy.allowAll()).withMaxRows(1));
    var r =
        f.get("/books?select=title,reviews(stars),author:authors!author_id(name)&order=id")
            .header("Prefer", "count=exact")
            .send();
    assertThat(r.status()).as(r.toString()).isEqualTo(206);
    assertThat(r.header("Content-Range")).isEqualTo("0-0/3");
    // Dune has two reviews; only one fits; the many-to-one author is an object, not capped
    assertThat(r.text())
        .isEqualTo(
            "[{\"title\":\"Dune\",\"reviews\":[{\"stars\":5}],\"author\":{\"name\":\"Herbert\"}}]");
    var nested = f.get("/authors?select=name,books!author_id(title,reviews(stars))&id=eq.1").send();
    assertThat(nested.text())
        .isEqualTo(
            "[{\"name\":\"Herbert\",\"books\":[{\"title\":\"Dune\",\"reviews\":[{\"stars\":5}]}]}]");
  }
}
