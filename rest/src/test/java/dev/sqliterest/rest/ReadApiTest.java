package dev.sqliterest.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class ReadApiTest {

  @TempDir Path dir;
  @AutoClose ApiFixture f;

  @BeforeEach
  void createBooks() throws Exception {
    f =
        new ApiFixture(dir)
            .sql(
                "CREATE TABLE books(id INTEGER PRIMARY KEY, title TEXT NOT NULL, price REAL,"
                    + " published BOOLEAN, cover BLOB, meta JSON, author TEXT)",
                "INSERT INTO books VALUES (1, 'Dune', 9.5, 1, x'0102',"
                    + " '{\"tags\":[\"sf\",\"classic\"],\"pages\":412,\"by\":{\"name\":\"Herbert\"}}',"
                    + " 'Herbert')",
                "INSERT INTO books VALUES (2, 'Emma', NULL, 0, NULL, '{\"tags\":[],\"pages\":300}',"
                    + " 'Austen')",
                "INSERT INTO books VALUES (3, 'dune messiah', 12, NULL, NULL, NULL, 'Herbert')",
                "INSERT INTO books VALUES (4, 'A, B. (C)', 1, 1, NULL, 'not json', NULL)",
                "INSERT INTO books VALUES (9007199254740993, 'big', NULL, NULL, NULL, NULL, '中文')");
  }

  private List<Long> ids(String query) {
    var r = f.get("/books?" + query).send();
    assertThat(r.status()).as(r.toString()).isBetween(200, 206);
    List<Long> ids = new ArrayList<>();
    r.json().forEach(n -> ids.add(n.get("id").asLong()));
    return ids;
  }

  @Test
  void get_allRows_typedJson() {
    var r = f.get("/books?order=id").send();
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
    assertThat(r.header("Content-Range")).isEqualTo("0-4/*");
    assertThat(r.text())
        .startsWith(
            "[{\"id\":1,\"title\":\"Dune\",\"price\":9.5,\"published\":true,\"cover\":\"AQI=\","
                + "\"meta\":{\"tags\":[\"sf\",\"classic\"],\"pages\":412,\"by\":{\"name\":\"Herbert\"}},"
                + "\"author\":\"Herbert\"}");
    JsonNode rows = r.json();
    assertThat(rows.get(1).get("published").asBoolean()).isFalse();
    assertThat(rows.get(1).get("price").isNull()).isTrue();
    assertThat(rows.get(2).get("price").isIntegralNumber()).isFalse();
    assertThat(rows.get(3).get("meta").asText()).isEqualTo("not json");
    assertThat(r.text()).contains("\"id\":9007199254740993,");
    assertThat(r.text()).contains("\"author\":\"中文\"");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "id=eq.1                              | 1",
        "id=neq.1                             | 2,3,4,9007199254740993",
        "id=gt.3                              | 4,9007199254740993",
        "id=gte.3                             | 3,4,9007199254740993",
        "id=ge.3                              | 3,4,9007199254740993",
        "id=lt.2                              | 1",
        "id=lte.2                             | 1,2",
        "id=le.2                              | 1,2",
        "title=like.D*                        | 1",
        "title=like.d%25                      | 3",
        "title=ilike.d*                       | 1,3",
        "title=ilike.*UNE*                    | 1,3",
        "title=like.*une*                     | 1,3",
        "title=like.Dun_                      | 1",
        "title=match.^[Dd]une                 | 1,3",
        "title=imatch.^DUNE$                  | 1",
        "title=match.m%2Ba                    | 2",
        "id=in.(1,3,77)                       | 1,3",
        "title=in.(\"A, B. (C)\",Emma)          | 2,4",
        "title=in.()                          | ''",
        "price=is.null                        | 2,9007199254740993",
        "price=is.not_null                    | 1,3,4",
        "published=is.true                    | 1,4",
        "published=is.false                   | 2",
        "published=is.unknown                 | 3,9007199254740993",
        "published=eq.true                    | 1,4",
        "price=isdistinct.9.5                 | 2,3,4,9007199254740993",
        "id=not.eq.1                          | 2,3,4,9007199254740993",
        "id=not.in.(1,2)                      | 3,4,9007199254740993",
        "price=not.is.null                    | 1,3,4",
        "title=not.like.*une*                 | 2,4,9007199254740993",
        "or=(id.eq.1,id.eq.3)                 | 1,3",
        "and=(id.gte.2,id.lte.3)              | 2,3",
        "not.or=(id.eq.1,id.gt.3)             | 2,3",
        "or=(id.eq.1,and(author.eq.Herbert,id.not.eq.1))   | 1,3",
        "or=(id.eq.2,not.and(id.gte.2,or(title.eq.Emma,id.gt.0)))  | 1,2",
        "or=(title.eq.\"A, B. (C)\",id.eq.1)   | 1,4",
        "or=(id.eq.1,author.like.中文)          | 1,9007199254740993",
        "or=(id.in.(1,2),title.is.null)       | 1,2",
        "id=gt.1&id=lt.4                      | 2,3",
        "id=eq.9007199254740993               | 9007199254740993",
        "meta->>pages=gt.350                  | 1",
        "meta->by->>name=eq.Herbert           | 1",
        "meta->tags->>0=eq.sf                 | 1",
        "title=eq.A, B. (C)                   | 4",
        "id=like(any).{1,3}                   | 1,3",
        "title=ilike(any).{d*,e*}             | 1,2,3",
        "title=like(all).{*u*,*e*}            | 1,3",
        "id=eq(any).{}                        | ''",
      })
  void get_filter_matchesRows(String query, String expected) {
    List<Long> want =
        expected.isEmpty()
            ? List.of()
            : java.util.Arrays.stream(expected.split(",")).map(Long::parseLong).toList();
    assertThat(ids(query + "&order=id")).isEqualTo(want);
  }

  @Test
  void get_ilike_foldsUnicodeCase() throws Exception {
    f.sql(
        "INSERT INTO books(id, title) VALUES (10, 'L''École des femmes'), (11, 'ÇA'), (12,"
            + " 'Straße')");
    assertThat(ids("title=ilike.*%C3%A9COLE*&order=id")).containsExactly(10L);
    assertThat(ids("title=ilike.%C3%A7a&order=id")).containsExactly(11L);
    assertThat(ids("title=like.*%C3%A9cole*&order=id")).isEmpty();
    assertThat(ids("or=(title.ilike.%C3%A7*,title.ilike.*STRASSE)&order=id")).containsExactly(11L);
  }

  @Test
  void get_select_aliasCastJsonPath() {
    var r =
        f.get(
                "/books?select=name:title,id::text,price::int,pages:meta->pages,tags:meta->tags,first:meta->tags->>0,published::bool,published::int&id=eq.1")
            .send();
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.text())
        .isEqualTo(
            "[{\"name\":\"Dune\",\"id\":\"1\",\"price\":9,\"pages\":412,\"tags\":[\"sf\",\"classic\"],"
                + "\"first\":\"sf\",\"published\":true,\"published\":1}]");
  }

  @Test
  void get_selectJsonPathWithoutAlias_usesLastKey() {
    var r = f.get("/books?select=id,meta->by->>name,meta->>pages&id=eq.1").send();
    assertThat(r.text()).isEqualTo("[{\"id\":1,\"name\":\"Herbert\",\"pages\":\"412\"}]");
  }

  @Test
  void get_selectJsonCast_embedsValidJsonAndQuotesText() {
    var r = f.get("/books?select=author::json,meta::jsonb&id=in.(2,4)&order=id").send();
    assertThat(r.text())
        .isEqualTo(
            "[{\"author\":\"Austen\",\"meta\":{\"tags\":[],\"pages\":300}},"
                + "{\"author\":null,\"meta\":\"not json\"}]");
  }

  @Test
  void get_order_multipleKeysAndNulls() {
    assertThat(ids("order=price.desc")).containsExactly(2L, 9007199254740993L, 3L, 1L, 4L);
    assertThat(ids("order=price.desc.nullslast,id"))
        .containsExactly(3L, 1L, 4L, 2L, 9007199254740993L);
    assertThat(ids("order=price.asc")).containsExactly(4L, 1L, 3L, 2L, 9007199254740993L);
    assertThat(ids("order=price.nullsfirst,id.desc"))
        .containsExactly(9007199254740993L, 2L, 4L, 1L, 3L);
    assertThat(ids("order=author.asc,id.desc")).containsExactly(2L, 3L, 1L, 9007199254740993L, 4L);
    assertThat(ids("order=meta->>pages.desc.nullslast,id&limit=2")).containsExactly(1L, 2L);
  }

  @Test
  void get_limitOffset_contentRange() {
    var r = f.get("/books?order=id&limit=2&offset=1").send();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Range")).isEqualTo("1-2/*");
    assertThat(r.json()).hasSize(2);
  }

  @Test
  void get_countExact_partialIs206() {
    var r = f.get("/books?order=id&limit=2").header("Prefer", "count=exact").send();
    assertThat(r.status()).isEqualTo(206);
    assertThat(r.header("Content-Range")).isEqualTo("0-1/5");
    assertThat(r.header("Preference-Applied")).isEqualTo("count=exact");
  }

  @Test
  void get_countExact_completeIs200() {
    var r = f.get("/books?id=lt.3").header("Prefer", "count=exact").send();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Range")).isEqualTo("0-1/2");
  }

  @Test
  void get_countExact_offsetPastEndIs416() {
    var r = f.get("/books?offset=10").header("Prefer", "count=exact").send();
    assertThat(r.status()).isEqualTo(416);
    assertThat(r.code()).isEqualTo("PGRST103");
    assertThat(r.json().get("details").asText())
        .contains("An offset of 10 was requested, but there are only 5 rows.");
  }

  @Test
  void get_countPlannedAndEstimated_accepted() {
    for (String c : List.of("planned", "estimated")) {
      var r = f.get("/books?limit=1").header("Prefer", "count=" + c).send();
      assertThat(r.status()).isEqualTo(206);
      assertThat(r.header("Content-Range")).isEqualTo("0-0/5");
    }
  }

  @Test
  void get_empty_contentRangeStar() {
    var r = f.get("/books?id=eq.100").send();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.text()).isEqualTo("[]");
    assertThat(r.header("Content-Range")).isEqualTo("*/*");
    var counted = f.get("/books?id=eq.100").header("Prefer", "count=exact").send();
    assertThat(counted.header("Content-Range")).isEqualTo("*/0");
    assertThat(counted.status()).isEqualTo(200);
  }

  @Test
  void get_rangeHeader_selectsWindow() {
    var r = f.get("/books?order=id").header("Range", "1-2").header("Range-Unit", "items").send();
    assertThat(r.header("Content-Range")).isEqualTo("1-2/*");
    assertThat(r.json()).hasSize(2);
    var open = f.get("/books?order=id").header("Range", "3-").send();
    assertThat(open.header("Content-Range")).isEqualTo("3-4/*");
    var intersected = f.get("/books?order=id&limit=10&offset=1").header("Range", "0-1").send();
    assertThat(intersected.header("Content-Range")).isEqualTo("1-1/*");
  }

  @Test
  void get_rangeHeader_malformedIgnoredInvertedIs416() {
    assertThat(f.get("/books").header("Range", "5").send().json()).hasSize(5);
    var r = f.get("/books").header("Range", "5-3").send();
    assertThat(r.status()).isEqualTo(416);
    assertThat(r.code()).isEqualTo("PGRST103");
  }

  @Test
  void get_limitZeroAndNegative() {
    var zero = f.get("/books?limit=0").send();
    assertThat(zero.status()).isEqualTo(200);
    assertThat(zero.text()).isEqualTo("[]");
    assertThat(f.get("/books?limit=-1").send().status()).isEqualTo(416);
    assertThat(f.get("/books?limit=abc").send().status()).isEqualTo(400);
  }

  @Test
  void get_maxRows_capsResult() throws Exception {
    f.api = new RestApi(f.db, RestApiOptions.defaults(AllowListPolicy.allowAll()).withMaxRows(2));
    var r = f.get("/books?order=id").header("Prefer", "count=exact").send();
    assertThat(r.json()).hasSize(2);
    assertThat(r.header("Content-Range")).isEqualTo("0-1/5");
  }

  @Test
  void rows_areTheRowsARead_returned_inTheResponseValue() {
    assertThat(f.get("/books?limit=1").send().response().rows()).hasValue(1);
    assertThat(f.get("/books?id=eq.999").send().response().rows()).hasValue(0);
    assertThat(f.get("/nope").send().response().rows()).isEmpty();
  }

  @Test
  void head_answersLikeGet_withoutBuildingTheReadsBody() {
    for (String path :
        List.of("/books?limit=1", "/books?id=gt.1&offset=1", "/books?offset=9", "/nope")) {
      var get = f.call("GET", path).header("Prefer", "count=exact").send();
      var head = f.call("HEAD", path).header("Prefer", "count=exact").send();
      assertThat(head.status()).as(path).isEqualTo(get.status());
      assertThat(head.header("Content-Range")).as(path).isEqualTo(get.header("Content-Range"));
      assertThat(head.header("Content-Type")).as(path).isEqualTo(get.header("Content-Type"));
      assertThat(head.response().rows()).as(path).isEqualTo(get.response().rows());
      if (get.status() < 300) {
        assertThat(head.response().body().length()).as(path).isEmpty();
        assertThat(head.text()).as(path).isEmpty();
      } else {
        assertThat(head.text()).as(path).isEqualTo(get.text()); // errors are answered in full
      }
    }
  }

  @Test
  void get_view_servedLikeTable() throws Exception {
    f.sql(
        "CREATE VIEW cheap AS SELECT id, title, price * 2 AS doubled FROM books WHERE price < 10");
    var r = f.get("/cheap?select=id,doubled&doubled=eq.19&order=id").send();
    assertThat(r.text()).isEqualTo("[{\"id\":1,\"doubled\":19.0}]");
  }

  @Test
  void get_tableCreatedAfterStart_servedWithoutRestart() throws Exception {
    assertThat(f.get("/later").send().status()).isEqualTo(404);
    f.sql("CREATE TABLE later(x INTEGER)", "INSERT INTO later VALUES (7)");
    assertThat(f.get("/later").send().text()).isEqualTo("[{\"x\":7}]");
    f.sql("ALTER TABLE later ADD COLUMN y TEXT DEFAULT 'd'");
    assertThat(f.get("/later?select=y").send().text()).isEqualTo("[{\"y\":\"d\"}]");
  }

  @Test
  void get_afterAnotherProcessChangedTheSchema_answersFromTheNewSchema() throws Exception {
    f.sql("CREATE TABLE moving(x INTEGER)", "INSERT INTO moving VALUES (7)");
    assertThat(f.get("/moving").send().text()).isEqualTo("[{\"x\":7}]");
    // a plan from the schema read before still runs, but would miss the new column
    f.sql("ALTER TABLE moving ADD COLUMN y TEXT DEFAULT 'd'");
    assertThat(f.get("/moving").send().text()).isEqualTo("[{\"x\":7,\"y\":\"d\"}]");
    // the old plan's SQL fails, the new schema has the column
    f.sql("ALTER TABLE moving RENAME COLUMN x TO z");
    assertThat(f.get("/moving?select=z").send().text()).isEqualTo("[{\"z\":7}]");
    var gone = f.get("/moving?select=x").send();
    assertThat(gone.status()).isEqualTo(400);
    assertThat(gone.code()).isEqualTo("42703");
    f.sql("DROP TABLE moving");
    assertThat(f.get("/moving?select=z").send().status()).isEqualTo(404);
    assertThat(f.get("/books?id=eq.2&select=title").send().text())
        .isEqualTo("[{\"title\":\"Emma\"}]");
  }

  @Test
  void get_singularObject() {
    var one =
        f.get("/books?id=eq.2&select=id,title")
            .header("Accept", "application/vnd.pgrst.object+json")
            .send();
    assertThat(one.status()).isEqualTo(200);
    assertThat(one.text()).isEqualTo("{\"id\":2,\"title\":\"Emma\"}");
    assertThat(one.header("Content-Type")).startsWith("application/vnd.pgrst.object+json");
    var many = f.get("/books").header("Accept", "application/vnd.pgrst.object+json").send();
    assertThat(many.status()).isEqualTo(406);
    assertThat(many.code()).isEqualTo("PGRST116");
    assertThat(many.json().get("details").asText()).isEqualTo("The result contains 5 rows");
  }

  @Test
  void get_csv() {
    var r =
        f.get("/books?select=id,title,price&id=in.(2,4)&order=id")
            .header("Accept", "text/csv")
            .send();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).isEqualTo("text/csv; charset=utf-8");
    assertThat(r.text()).isEqualTo("id,title,price\n2,Emma,\n4,\"A, B. (C)\",1.0");
  }

  @Test
  void get_nullsStripped() {
    var r =
        f.get("/books?select=id,price&id=eq.2")
            .header("Accept", "application/vnd.pgrst.array+json;nulls=stripped")
            .send();
    assertThat(r.text()).isEqualTo("[{\"id\":2}]");
  }

  @Test
  void get_acceptNegotiation() {
    assertThat(f.get("/books?limit=1").header("Accept", "text/html, */*;q=0.1").send().status())
        .isEqualTo(200);
    var r = f.get("/books").header("Accept", "text/html").send();
    assertThat(r.status()).isEqualTo(406);
    assertThat(r.code()).isEqualTo("PGRST107");
  }

  @Test
  void options_listsMethodsByTableKind() throws Exception {
    f.sql("CREATE TABLE nopk(x)", "CREATE VIEW v AS SELECT id FROM books");
    var r = f.call("OPTIONS", "/books").send();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Allow")).isEqualTo("OPTIONS,GET,HEAD,POST,PUT,PATCH,DELETE");
    assertThat(f.call("OPTIONS", "/nopk").send().header("Allow"))
        .isEqualTo("OPTIONS,GET,HEAD,POST,PATCH,DELETE");
    assertThat(f.call("OPTIONS", "/v").send().header("Allow")).isEqualTo("OPTIONS,GET,HEAD");
    assertThat(f.call("OPTIONS", "/missing").send().status()).isEqualTo(404);
  }

  @Test
  void get_json_isBuiltBySqliteUnlessBlobsOrCsvOrStripped() {
    assertThat(
            f.get("/books?select=id,title,published,meta&order=id").send().header("Server-Timing"))
        .contains("query;desc=\"sqlite\"");
    // a BLOB value makes SQLite's JSON functions unusable: the Java writer answers, same shape
    var blob = f.get("/books?order=id").send();
    assertThat(blob.header("Server-Timing")).contains("query;desc=\"java\"");
    assertThat(blob.json().get(0).get("cover").asText()).isEqualTo("AQI=");
    assertThat(f.get("/books?select=cover&id=eq.2").send().header("Server-Timing"))
        .contains("desc=\"sqlite\"");
    var sortedPage = f.get("/books?select=id,cover&order=id&limit=2").send();
    assertThat(sortedPage.header("Server-Timing")).contains("query;desc=\"java\"");
    assertThat(sortedPage.json().get(0).get("cover").asText()).isEqualTo("AQI=");
    assertThat(f.get("/books").header("Accept", "text/csv").send().header("Server-Timing"))
        .contains("desc=\"java\"");
  }

  @Test
  void get_blobInAnyColumnOrCast_neverReadAsJsonb() throws Exception {
    // x'01' is valid JSONB for "true": without the guard SQLite would print true
    f.sql(
        "CREATE TABLE anyblob(id INTEGER PRIMARY KEY, n INTEGER, j JSON, b BOOLEAN)",
        "INSERT INTO anyblob VALUES (1, x'01', x'01', x'01')",
        "CREATE TABLE typed(id INTEGER PRIMARY KEY, n INTEGER, t TEXT) STRICT",
        "INSERT INTO typed VALUES (1, 2, 'x')");
    var r = f.get("/anyblob?select=n,j,b,c:n::json,d:j::bool,e:n::blob").send();
    assertThat(r.text())
        .isEqualTo(
            "[{\"n\":\"AQ==\",\"j\":\"AQ==\",\"b\":\"AQ==\",\"c\":\"AQ==\",\"d\":false,\"e\":\"AQ==\"}]");
    assertThat(r.header("Server-Timing")).contains("desc=\"java\"");
    var strict = f.get("/typed").send();
    assertThat(strict.text()).isEqualTo("[{\"id\":1,\"n\":2,\"t\":\"x\"}]");
    assertThat(strict.header("Server-Timing")).contains("desc=\"sqlite\"");
  }

  @Test
  void get_sqliteAndJavaRenderers_agree() throws Exception {
    RestApi javaOnly =
        new RestApi(f.db, RestApiOptions.defaults(AllowListPolicy.allowAll()), false);
    f.sql("INSERT INTO books VALUES (5, 'real', 0.1, 2, NULL, '[1,{\"a\":null}]', 'x\"y')");
    for (String q :
        List.of(
            "select=id,title,price,published,meta,author&order=id&id=neq.1",
            "select=a:id::text,p:price::int,b:published::bool,m:meta->tags,n:meta->>pages,x:meta->by->>name,j:author::json,r:price::real,e:meta->1&order=id",
            "select=id,title&id=eq.2",
            // sorted pages: SQLite sorts the plain columns first, then builds the JSON
            "select=id,title,price,published,meta,author&order=price.desc,id&limit=3",
            "select=a:id::text,p:price::int,b:published::bool,m:meta->tags,n:meta->>pages,j:author::json,title,id&order=title.desc&limit=4&offset=1",
            "select=id,t:title,title&author=eq.Herbert&order=id.desc&limit=1")) {
      var sqlite = f.get("/books?" + q).send();
      RestApi fast = f.api;
      f.api = javaOnly;
      var java = f.get("/books?" + q).send();
      f.api = fast;
      assertThat(java.header("Server-Timing")).contains("desc=\"java\"");
      var stripped =
          f.get("/books?" + q)
              .header("Accept", "application/vnd.pgrst.array+json;nulls=stripped")
              .send();
      assertThat(sqlite.header("Server-Timing")).as(q).contains("desc=\"sqlite\"");
      assertThat(stripped.header("Server-Timing")).contains("desc=\"java\"");
      assertThat(sqlite.json()).as(q).isEqualTo(java.json());
      assertThat(sqlite.text()).as(q).isEqualTo(java.text());
      assertThat(stripped.json().size()).isEqualTo(java.json().size());
    }
  }

  @Test
  void get_serverTimingHeader() {
    assertThat(f.get("/books").send().header("Server-Timing"))
        .contains("parse;dur=")
        .contains("query;desc=");
  }
}
