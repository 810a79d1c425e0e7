package dev.sqliterest.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code count()}, {@code sum()}, {@code avg()}, {@code min()}, {@code max()} in select. */
final class AggregateApiTest {

  @TempDir Path dir;
  ApiFixture f;

  @BeforeEach
  void setUp() throws Exception {
    f = new ApiFixture(dir, o -> o.withAggregatesEnabled(true));
    f.sql(
        "CREATE TABLE authors(id INTEGER PRIMARY KEY, name TEXT, country TEXT)",
        "CREATE TABLE books(id INTEGER PRIMARY KEY, title TEXT, author_id INTEGER REFERENCES"
            + " authors(id), genre TEXT, price REAL, year INTEGER, in_print BOOLEAN)",
        "INSERT INTO authors VALUES (1, 'Austen', 'GB'), (2, 'Le Guin', 'US'), (3, 'Woolf',"
            + " 'GB'), (4, 'Nobody', 'FR')",
        "INSERT INTO books VALUES (1, 'Emma', 1, 'romance', 10.0, 1815, 1), (2, 'Persuasion', 1,"
            + " 'romance', 8.5, 1817, 0), (3, 'Earthsea', 2, 'fantasy', 12.0, 1968, 1), (4,"
            + " 'Tehanu', 2, 'fantasy', NULL, 1990, 0), (5, 'Orlando', 3, 'fantasy', 9.5, 1928,"
            + " 1)");
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
  void disabledByDefault_400Pgrst123() throws Exception {
    f.api = new RestApi(f.db, RestApiOptions.defaults(AllowListPolicy.allowAll()));
    for (String select : List.of("count()", "price.sum()", "n:price.avg()::int")) {
      ApiFixture.Result r = f.get("/books?select=" + select).send();
      assertThat(r.status()).as(select).isEqualTo(400);
      assertThat(r.json().get("code").asText()).isEqualTo("PGRST123");
      assertThat(r.json().get("message").asText())
          .isEqualTo("Use of aggregate functions is not allowed");
    }
  }

  @Test
  void overEveryRow_oneRow() {
    assertThat(get("books?select=count()")).isEqualTo("[{\"count\":5}]");
    assertThat(get("books?select=price.count(),price.sum(),price.min(),price.max()"))
        .isEqualTo("[{\"count\":4,\"sum\":40.0,\"min\":8.5,\"max\":12.0}]");
    assertThat(get("books?select=price.avg()&genre=eq.romance")).isEqualTo("[{\"avg\":9.25}]");
    assertThat(get("books?select=price.sum()&genre=eq.none")).isEqualTo("[{\"sum\":null}]");
  }

  @Test
  void otherColumns_areTheGroups() {
    assertThat(get("books?select=genre,price.sum(),count()&order=genre"))
        .isEqualTo(
            "[{\"genre\":\"fantasy\",\"sum\":21.5,\"count\":3},"
                + "{\"genre\":\"romance\",\"sum\":18.5,\"count\":2}]");
    assertThat(get("books?select=genre,author_id,count()&order=genre,author_id&year=gt.1900"))
        .isEqualTo(
            "[{\"genre\":\"fantasy\",\"author_id\":2,\"count\":2},"
                + "{\"genre\":\"fantasy\",\"author_id\":3,\"count\":1}]");
  }

  @Test
  void aliasesAndCasts_onInputAndResult() {
    assertThat(get("books?select=total:price.sum()::int,mean:price.avg()::text"))
        .isEqualTo("[{\"total\":40,\"mean\":\"10.0\"}]");
    assertThat(get("books?select=year::text.max(),newest:year.max()"))
        .isEqualTo("[{\"max\":\"1990\",\"newest\":1990}]");
    assertThat(get("books?select=in_print.max(),in_print.min()"))
        .isEqualTo("[{\"max\":true,\"min\":false}]");
    assertThat(get("books?select=n:count()::text")).isEqualTo("[{\"n\":\"5\"}]");
  }

  @Test
  void countPreference_countsGroups_andWindowsApplyToGroups() {
    ApiFixture.Result r =
        f.get("/books?select=author_id,count()&order=author_id&limit=2")
            .header("Prefer", "count=exact")
            .send();
    assertThat(r.text()).isEqualTo("[{\"author_id\":1,\"count\":2},{\"author_id\":2,\"count\":2}]");
    assertThat(r.header("Content-Range")).isEqualTo("0-1/3");
    ApiFixture.Result all =
        f.get("/books?select=price.sum()").header("Prefer", "count=exact").send();
    assertThat(all.header("Content-Range")).isEqualTo("0-0/1");
  }

  @Test
  void orderByAColumnThatIsNotAGroup_is400() {
    ApiFixture.Result r = f.get("/books?select=genre,count()&order=year").send();
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("code").asText()).isEqualTo("42803");
    assertThat(r.json().get("message").asText())
        .isEqualTo(
            "column \"books.year\" must appear in the GROUP BY clause or be used in an aggregate"
                + " function");
  }

  @Test
  void insideAnEmbed_perParentRow() {
    assertThat(
            get(
                "authors?select=name,books(genre,price.sum())&order=name&books.order=genre"
                    + "&id=in.(1,2,4)"))
        .isEqualTo(
            "[{\"name\":\"Austen\",\"books\":[{\"genre\":\"romance\",\"sum\":18.5}]},"
                + "{\"name\":\"Le Guin\",\"books\":[{\"genre\":\"fantasy\",\"sum\":12.0}]},"
                + "{\"name\":\"Nobody\",\"books\":[]}]");
    assertThat(get("authors?select=name,books(count())&id=in.(1,4)&order=id"))
        .isEqualTo(
            "[{\"name\":\"Austen\",\"books\":[{\"count\":2}]},"
                + "{\"name\":\"Nobody\",\"books\":[{\"count\":0}]}]");
  }

  /** As in PostgreSQL, the embedded value is the group: two GB authors make one group. */
  @Test
  void embedAsAGroup() {
    assertThat(get("books?select=authors(country),count()"))
        .isEqualTo(
            "[{\"authors\":{\"country\":\"GB\"},\"count\":3},"
                + "{\"authors\":{\"country\":\"US\"},\"count\":2}]");
  }

  @Test
  void csvAndJavaRendering_agree() throws Exception {
    ApiFixture.Result csv =
        f.get("/books?select=genre,price.sum()&order=genre").header("Accept", "text/csv").send();
    assertThat(csv.text()).isEqualTo("genre,sum\nfantasy,21.5\nromance,18.5");
    f.api =
        new RestApi(
            f.db,
            RestApiOptions.defaults(AllowListPolicy.allowAll()).withAggregatesEnabled(true),
            false);
    assertThat(get("books?select=genre,price.sum(),in_print.max()&order=genre"))
        .isEqualTo(
            "[{\"genre\":\"fantasy\",\"sum\":21.5,\"max\":true},"
                + "{\"genre\":\"romance\",\"sum\":18.5,\"max\":true}]");
  }

  @Test
  void injectionInAggregateSyntax_is400AndChangesNothing() throws Exception {
    for (String select :
        List.of(
            "price.sum();DROP TABLE books",
            "price.evil()",
            "price.sum(1)",
            "price.SUM()",
            "price.sum()::text);DROP TABLE books;--",
            "count()::evil",
            "price::int)--.sum()",
            "(select 1).sum()",
            "count(*)")) {
      ApiFixture.Result r =
          f.get("/books?select=" + java.net.URLEncoder.encode(select, "UTF-8")).send();
      assertThat(r.status()).as(select + " " + r).isEqualTo(400);
    }
    assertThat(f.query("SELECT count(*) FROM books").getFirst().getFirst()).isEqualTo(5);
  }
}
