package dev.sqliterest.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code !inner}, {@code !left}, spread ({@code ...}) and many-to-many through a junction. */
final class EmbedJoinsApiTest {

  @TempDir Path dir;
  ApiFixture f;

  @BeforeEach
  void setUp() throws Exception {
    f = new ApiFixture(dir);
    f.sql(
        "CREATE TABLE authors(id INTEGER PRIMARY KEY, name TEXT, country TEXT, active BOOLEAN)",
        "CREATE TABLE books(id INTEGER PRIMARY KEY, title TEXT, year INTEGER, author_id INTEGER"
            + " REFERENCES authors(id))",
        "CREATE TABLE tags(id INTEGER PRIMARY KEY, label TEXT)",
        "CREATE TABLE books_tags(book_id INTEGER REFERENCES books(id), tag_id INTEGER REFERENCES"
            + " tags(id), added TEXT, PRIMARY KEY (book_id, tag_id))",
        "INSERT INTO authors VALUES (1, 'Austen', 'GB', 1), (2, 'Le Guin', 'US', 0), (3, 'Nobody',"
            + " 'FR', 1)",
        "INSERT INTO books VALUES (1, 'Emma', 1815, 1), (2, 'Persuasion', 1817, 1), (3,"
            + " 'Earthsea', 1968, 2), (4, 'Anonymous', 1900, NULL)",
        "INSERT INTO tags VALUES (1, 'classic'), (2, 'romance'), (3, 'fantasy'), (4, 'unused')",
        "INSERT INTO books_tags VALUES (1, 1, 'x'), (1, 2, 'x'), (2, 2, 'x'), (3, 3, 'x'), (3, 1,"
            + " 'x')");
  }

  @AfterEach
  void tearDown() throws Exception {
    f.close();
  }

  private String get(String query) {
    ApiFixture.Result r = f.get("/" + query).send();
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.text();
  }

  @Test
  void inner_keepsOnlyParentsWithAMatchingChild() {
    assertThat(get("books?select=title,authors!inner(name)&authors.name=eq.Austen&order=id"))
        .isEqualTo(
            "[{\"title\":\"Emma\",\"authors\":{\"name\":\"Austen\"}},"
                + "{\"title\":\"Persuasion\",\"authors\":{\"name\":\"Austen\"}}]");
    // without a filter, !inner still drops the book that has no author
    assertThat(get("books?select=id,authors!inner(id)&order=id"))
        .isEqualTo(
            "[{\"id\":1,\"authors\":{\"id\":1}},{\"id\":2,\"authors\":{\"id\":1}},"
                + "{\"id\":3,\"authors\":{\"id\":2}}]");
    // to-many: authors with a book after 1900
    assertThat(get("authors?select=name,books!inner(title)&books.year=gt.1900"))
        .isEqualTo("[{\"name\":\"Le Guin\",\"books\":[{\"title\":\"Earthsea\"}]}]");
  }

  @Test
  void inner_countsAndNests() {
    ApiFixture.Result r =
        f.get(
                "/authors?select=name,books!inner(title,tags!inner(label))&books.tags.label=eq.fantasy")
            .header("Prefer", "count=exact")
            .send();
    assertThat(r.text())
        .isEqualTo(
            "[{\"name\":\"Le Guin\",\"books\":[{\"title\":\"Earthsea\",\"tags\":[{\"label\":\"fantasy\"}]}]}]");
    assertThat(r.header("Content-Range")).isEqualTo("0-0/1");
  }

  @Test
  void left_isTheDefault() {
    String left = get("books?select=title,authors!left(name)&authors.name=eq.Austen&order=id");
    assertThat(left)
        .isEqualTo(get("books?select=title,authors(name)&authors.name=eq.Austen&order=id"))
        .contains("{\"title\":\"Earthsea\",\"authors\":null}");
  }

  @Test
  void spread_toOne_liftsTheColumns() {
    assertThat(get("books?select=title,...authors(author_name:name,country)&id=in.(1,4)&order=id"))
        .isEqualTo(
            "[{\"title\":\"Emma\",\"author_name\":\"Austen\",\"country\":\"GB\"},"
                + "{\"title\":\"Anonymous\",\"author_name\":null,\"country\":null}]");
    assertThat(get("books?select=title,...authors(active)&id=eq.3"))
        .isEqualTo("[{\"title\":\"Earthsea\",\"active\":false}]");
  }

  @Test
  void spread_toMany_givesArraysInTheEmbedsOrder() {
    assertThat(
            get(
                "authors?select=name,...books(title,year)&books.order=year.desc&id=in.(1,3)"
                    + "&order=id"))
        .isEqualTo(
            "[{\"name\":\"Austen\",\"title\":[\"Persuasion\",\"Emma\"],\"year\":[1817,1815]},"
                + "{\"name\":\"Nobody\",\"title\":[],\"year\":[]}]");
  }

  @Test
  void spread_nestedEmbed_andInner() {
    assertThat(get("books?select=title,...authors!inner(name,books(title))&authors.country=eq.US"))
        .isEqualTo(
            "[{\"title\":\"Earthsea\",\"name\":\"Le Guin\",\"books\":[{\"title\":\"Earthsea\"}]}]");
  }

  @Test
  void spread_csvUsesTheSameKeys() {
    ApiFixture.Result csv =
        f.get("/books?select=title,...authors(name)&id=eq.1").header("Accept", "text/csv").send();
    assertThat(csv.text()).isEqualTo("title,name\nEmma,Austen");
  }

  @Test
  void manyToMany_throughTheJunction() {
    assertThat(get("books?select=title,tags(label)&id=in.(1,4)&order=id&tags.order=label"))
        .isEqualTo(
            "[{\"title\":\"Emma\",\"tags\":[{\"label\":\"classic\"},{\"label\":\"romance\"}]},"
                + "{\"title\":\"Anonymous\",\"tags\":[]}]");
    assertThat(get("tags?select=label,books(title)&id=eq.2&books.order=title"))
        .isEqualTo(
            "[{\"label\":\"romance\",\"books\":[{\"title\":\"Emma\"},{\"title\":\"Persuasion\"}]}]");
    assertThat(get("tags?select=label,books!inner(id)&order=id"))
        .doesNotContain("unused")
        .startsWith("[{\"label\":\"classic\"");
    assertThat(get("books?select=title,...tags(label)&id=eq.3&tags.order=label"))
        .isEqualTo("[{\"title\":\"Earthsea\",\"label\":[\"classic\",\"fantasy\"]}]");
  }

  @Test
  void manyToMany_hintNamesTheJunction_andAmbiguityIs300WithPostgrestsHint() throws Exception {
    f.sql(
        "CREATE TABLE featured(book_id INTEGER REFERENCES books(id), tag_id INTEGER REFERENCES"
            + " tags(id), PRIMARY KEY (book_id, tag_id))",
        "INSERT INTO featured VALUES (3, 3)");
    ApiFixture.Result r = f.get("/books?select=title,tags(label)").send();
    assertThat(r.status()).isEqualTo(300);
    JsonNode body = r.json();
    assertThat(body.get("code").asText()).isEqualTo("PGRST201");
    assertThat(body.get("message").asText())
        .isEqualTo(
            "Could not embed because more than one relationship was found for 'books' and"
                + " 'tags'");
    assertThat(body.get("hint").asText())
        .isEqualTo(
            "Try changing 'tags' to one of the following: 'tags!books_tags', 'tags!featured'."
                + " Find the desired relationship in the 'details' key.");
    assertThat(body.get("details").toString())
        .isEqualTo(
            "[{\"embedding\":\"books with tags\",\"cardinality\":\"many-to-many\","
                + "\"relationship\":\"books_tags using books_tags(book_id) and books_tags(tag_id)\"},"
                + "{\"embedding\":\"books with tags\",\"cardinality\":\"many-to-many\","
                + "\"relationship\":\"featured using featured(book_id) and featured(tag_id)\"}]");
    assertThat(get("books?select=title,tags!featured(label)&id=eq.3"))
        .isEqualTo("[{\"title\":\"Earthsea\",\"tags\":[{\"label\":\"fantasy\"}]}]");
  }

  @Test
  void directAmbiguity_detailsNameTheColumns() throws Exception {
    f.sql("ALTER TABLE books ADD COLUMN editor_id INTEGER REFERENCES authors(id)");
    JsonNode body = f.get("/books?select=authors(name)").send().json();
    assertThat(body.get("details").get(0).get("relationship").asText())
        .isEqualTo("author_id using books(author_id) and authors(id)");
    assertThat(body.get("details").get(0).get("cardinality").asText()).isEqualTo("many-to-one");
    assertThat(body.get("hint").asText()).contains("'authors!author_id', 'authors!editor_id'");
  }

  @Test
  void junctionWithoutAKeyOverBothForeignKeys_isNoRelationship() throws Exception {
    f.sql(
        "CREATE TABLE loose(book_id INTEGER REFERENCES books(id), author_id INTEGER REFERENCES"
            + " authors(id))",
        "CREATE TABLE readers(id INTEGER PRIMARY KEY)",
        "CREATE TABLE reads(reader_id INTEGER REFERENCES readers(id), book_id INTEGER REFERENCES"
            + " books(id))");
    ApiFixture.Result r = f.get("/readers?select=books(title)").send();
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("code").asText()).isEqualTo("PGRST200");
    assertThat(r.json().get("details").asText())
        .isEqualTo(
            "Searched for a foreign key relationship between 'readers' and 'books' in the schema"
                + " 'main', but no matches were found.");
  }

  @Test
  void manyToMany_needsTheJunctionAllowedToo() {
    f.api =
        new RestApi(
            f.db, RestApiOptions.defaults(new AllowListPolicy(java.util.Set.of("books", "tags"))));
    ApiFixture.Result r = f.get("/books?select=title,tags(label)").send();
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.json().get("details").asText()).isEqualTo("access to 'books_tags' is not allowed");
  }

  @Test
  void syntaxMistakes_are400() {
    for (String select :
        List.of(
            "title,...authors",
            "title,a:...authors(name)",
            "title,...a:authors(name)",
            "title,authors!inner!left(name)",
            "title,authors!x!y(name)",
            "title,...authors(name.sum())")) {
      ApiFixture.Result r = f.get("/books?select=" + select).send();
      assertThat(r.status()).as(select + " " + r).isEqualTo(400);
    }
  }
}
