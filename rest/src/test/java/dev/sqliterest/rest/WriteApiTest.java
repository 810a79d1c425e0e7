package dev.sqliterest.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class WriteApiTest {

  @TempDir Path dir;
  @AutoClose ApiFixture f;

  @BeforeEach
  void createBooksAndAuthors() throws Exception {
    f =
        new ApiFixture(dir, o -> o.withAllowTxOverride(true))
            .sql(
                "CREATE TABLE authors(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)",
                "CREATE TABLE books(id INTEGER PRIMARY KEY, title TEXT NOT NULL, pages INTEGER CHECK (pages"
                    + " > 0), author_id INTEGER REFERENCES authors(id), isbn TEXT UNIQUE, status TEXT"
                    + " DEFAULT 'draft', published BOOLEAN, meta JSON)",
                "INSERT INTO authors VALUES (1, 'Herbert'), (2, 'Austen')",
                "INSERT INTO books(id, title, pages, author_id, isbn) VALUES (1, 'Dune', 412, 1, 'i1'), (2,"
                    + " 'Emma', 300, 2, 'i2')");
  }

  private ApiFixture.Call post(String q, String body) {
    return f.call("POST", "/books" + q).header("Content-Type", "application/json").body(body);
  }

  @Test
  void rows_areTheRowsAWriteAffected_inTheResponseValue() {
    var minimal = post("", "[{\"id\":10,\"title\":\"a\"},{\"id\":11,\"title\":\"b\"}]").send();
    assertThat(minimal.response().rows()).hasValue(2);
    var none = f.call("PATCH", "/books?id=eq.999").body("{\"title\":\"x\"}").send();
    assertThat(none.status()).isEqualTo(204);
    assertThat(none.response().rows()).hasValue(0);
    var deleted =
        f.call("DELETE", "/books?id=eq.10").header("Prefer", "return=representation").send();
    assertThat(deleted.response().rows()).hasValue(1);
    var failed = post("", "{\"id\":1,\"title\":\"duplicate\"}").send();
    assertThat(failed.status()).isEqualTo(409);
    assertThat(failed.response().rows()).isEmpty();
  }

  @Test
  void post_single_minimal201() throws Exception {
    var r =
        post(
                "",
                "{\"id\":3,\"title\":\"Persuasion\",\"pages\":250,\"author_id\":2,\"published\":true,"
                    + "\"meta\":{\"a\":[1,2]}}")
            .send();
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    assertThat(r.response().body().toBytes()).isEmpty();
    assertThat(r.header("Content-Range")).isEqualTo("*/*");
    assertThat(f.query("SELECT title, status, published, meta FROM books WHERE id = 3"))
        .containsExactly(List.of("Persuasion", "draft", 1, "{\"a\":[1,2]}"));
    assertThat(f.get("/books?select=published,meta&id=eq.3").send().text())
        .isEqualTo("[{\"published\":true,\"meta\":{\"a\":[1,2]}}]");
  }

  @Test
  void post_bulkRepresentation_selectShapesRows() {
    var r =
        post(
                "?select=id,name:title,pages::text",
                "[{\"id\":10,\"title\":\"A\",\"pages\":1},{\"id\":11,\"title\":\"B\",\"pages\":2}]")
            .header("Prefer", "return=representation")
            .send();
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.text())
        .isEqualTo(
            "[{\"id\":10,\"name\":\"A\",\"pages\":\"1\"},{\"id\":11,\"name\":\"B\",\"pages\":\"2\"}]");
    assertThat(r.header("Preference-Applied")).isEqualTo("return=representation");
  }

  @Test
  void post_representationWithJsonPath_bindsReturningParams() {
    var r =
        post(
                "?select=id,a:meta->>a",
                "[{\"id\":20,\"title\":\"x\",\"meta\":{\"a\":5}},{\"id\":21,\"title\":\"y\",\"meta\":{\"a\":6}}]")
            .header("Prefer", "return=representation")
            .send();
    assertThat(r.text()).isEqualTo("[{\"id\":20,\"a\":\"5\"},{\"id\":21,\"a\":\"6\"}]");
  }

  @Test
  void post_bigIntegerStaysExact() throws Exception {
    post("", "{\"id\":9007199254740993,\"title\":\"big\"}").send();
    assertThat(f.get("/books?select=id&title=eq.big").send().text())
        .isEqualTo("[{\"id\":9007199254740993}]");
  }

  @Test
  void post_keysMustMatch_unlessMissingDefaultOrColumns() throws Exception {
    var bad =
        post("", "[{\"id\":5,\"title\":\"a\"},{\"id\":6,\"title\":\"b\",\"status\":\"done\"}]")
            .send();
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.code()).isEqualTo("PGRST102");
    assertThat(bad.json().get("message").asText()).isEqualTo("All object keys must match");
    var ok =
        post("", "[{\"id\":5,\"title\":\"a\"},{\"id\":6,\"title\":\"b\",\"status\":\"done\"}]")
            .header("Prefer", "missing=default")
            .send();
    assertThat(ok.status()).isEqualTo(201);
    assertThat(ok.header("Preference-Applied")).isEqualTo("missing=default");
    assertThat(f.query("SELECT id, status FROM books WHERE id IN (5,6) ORDER BY id"))
        .containsExactly(List.of(5, "draft"), List.of(6, "done"));
    var cols =
        post(
                "?columns=%22id%22,%22title%22",
                "[{\"id\":7,\"title\":\"c\",\"ignored\":1},{\"id\":8,\"title\":\"d\",\"status\":\"x\"}]")
            .send();
    assertThat(cols.status()).as(cols.toString()).isEqualTo(201);
    assertThat(f.query("SELECT id, status FROM books WHERE id IN (7,8) ORDER BY id"))
        .containsExactly(List.of(7, "draft"), List.of(8, "draft"));
  }

  @Test
  void post_missingKeyWithoutDefault_isNullLikePostgrest() throws Exception {
    var r = post("?columns=id,title,status", "{\"id\":9,\"title\":\"t\"}").send();
    assertThat(r.status()).isEqualTo(201);
    assertThat(f.query("SELECT status FROM books WHERE id = 9"))
        .containsExactly(java.util.Arrays.asList((Object) null));
  }

  @Test
  void post_unknownKeyOrColumn_is400() throws Exception {
    var r = post("", "{\"id\":3,\"title\":\"x\",\"nope\":1}").send();
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.code()).isEqualTo("PGRST204");
    assertThat(r.json().get("message").asText())
        .isEqualTo("Could not find the 'nope' column of 'books' in the schema cache");
    assertThat(post("?columns=id,zz", "{\"id\":3}").send().code()).isEqualTo("PGRST204");
  }

  @Test
  void post_injectionInJsonKey_is400AndTableSurvives() throws Exception {
    for (String key :
        List.of(
            "a); DROP TABLE books; --",
            "id\") VALUES (1); DROP TABLE books; --",
            "title\" = 1; --")) {
      var r = post("", "{\"" + key.replace("\"", "\\\"") + "\":1}").send();
      assertThat(r.status()).as(key).isEqualTo(400);
    }
    var r =
        f.call("PATCH", "/books?id=eq.1").body("{\"title = 'x'; DROP TABLE books; --\":1}").send();
    assertThat(r.status()).isEqualTo(400);
    assertThat(
            post("?on_conflict=id);DROP TABLE books;--", "{\"id\":1,\"title\":\"x\"}")
                .header("Prefer", "resolution=merge-duplicates")
                .send()
                .status())
        .isEqualTo(400);
    assertThat(f.query("SELECT count(*) FROM books")).containsExactly(List.of(2));
  }

  @Test
  void post_emptyArrayAndEmptyObject() throws Exception {
    assertThat(post("", "[]").send().status()).isEqualTo(201);
    f.sql("CREATE TABLE d(id INTEGER PRIMARY KEY, v TEXT DEFAULT 'x')");
    assertThat(f.call("POST", "/d").body("{}").send().status()).isEqualTo(201);
    assertThat(f.query("SELECT v FROM d")).containsExactly(List.of("x"));
  }

  @Test
  void post_headersOnly_location() {
    var r = post("", "{\"id\":42,\"title\":\"x\"}").header("Prefer", "return=headers-only").send();
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.header("Location")).isEqualTo("/books?id=eq.42");
    assertThat(r.response().body().toBytes()).isEmpty();
  }

  @Test
  void post_countExact_contentRange() {
    var r =
        post("", "[{\"id\":30,\"title\":\"a\"},{\"id\":31,\"title\":\"b\"}]")
            .header("Prefer", "count=exact")
            .send();
    assertThat(r.header("Content-Range")).isEqualTo("*/2");
    assertThat(r.header("Preference-Applied")).isEqualTo("count=exact");
  }

  @Test
  void upsert_mergeIgnoreAndOnConflict() throws Exception {
    var merge =
        post("", "[{\"id\":1,\"title\":\"Dune 2\"},{\"id\":3,\"title\":\"New\"}]")
            .header("Prefer", "resolution=merge-duplicates")
            .header("Prefer", "return=representation")
            .send();
    assertThat(merge.status()).isEqualTo(201);
    assertThat(merge.json()).hasSize(2);
    assertThat(merge.header("Preference-Applied"))
        .isEqualTo("return=representation, resolution=merge-duplicates");
    assertThat(f.query("SELECT id, title, pages FROM books ORDER BY id"))
        .containsExactly(
            List.of(1, "Dune 2", 412),
            List.of(2, "Emma", 300),
            java.util.Arrays.asList(3, "New", null));
    var ignore =
        post("", "[{\"id\":2,\"title\":\"nope\"},{\"id\":4,\"title\":\"four\"}]")
            .header("Prefer", "resolution=ignore-duplicates,return=representation")
            .send();
    assertThat(ignore.json()).hasSize(1);
    assertThat(f.query("SELECT title FROM books WHERE id = 2")).containsExactly(List.of("Emma"));
    var byIsbn =
        post("?on_conflict=isbn", "{\"id\":99,\"title\":\"Emma (2nd)\",\"isbn\":\"i2\"}")
            .header("Prefer", "resolution=merge-duplicates")
            .send();
    assertThat(byIsbn.status()).as(byIsbn.toString()).isEqualTo(201);
    assertThat(f.query("SELECT id, title FROM books WHERE isbn = 'i2'"))
        .containsExactly(List.of(99, "Emma (2nd)"));
    var notUnique =
        post("?on_conflict=title", "{\"id\":1,\"title\":\"x\"}")
            .header("Prefer", "resolution=merge-duplicates")
            .send();
    assertThat(notUnique.status()).isEqualTo(400);
    assertThat(notUnique.code()).isEqualTo("42P10");
  }

  @Test
  void patch_filtersRepresentationAndEmptyBody() throws Exception {
    var r = f.call("PATCH", "/books?id=eq.1").body("{\"title\":\"Dune!\"}").send();
    assertThat(r.status()).isEqualTo(204);
    assertThat(r.header("Content-Range")).isEqualTo("0-0/*");
    var rep =
        f.call("PATCH", "/books?author_id=in.(1,2)&select=id,title")
            .header("Prefer", "return=representation")
            .body("{\"status\":\"out\"}")
            .send();
    assertThat(rep.status()).isEqualTo(200);
    assertThat(rep.text())
        .isEqualTo("[{\"id\":1,\"title\":\"Dune!\"},{\"id\":2,\"title\":\"Emma\"}]");
    assertThat(f.call("PATCH", "/books?id=eq.1").body("{}").send().status()).isEqualTo(204);
    assertThat(f.call("PATCH", "/books").body("[{\"a\":1},{\"a\":2}]").send().status())
        .isEqualTo(400);
  }

  @Test
  void patch_maxAffectedStrict_rollsBack() throws Exception {
    var r =
        f.call("PATCH", "/books")
            .header("Prefer", "handling=strict, max-affected=1")
            .body("{\"status\":\"x\"}")
            .send();
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.code()).isEqualTo("PGRST124");
    assertThat(f.query("SELECT count(*) FROM books WHERE status = 'x'"))
        .containsExactly(List.of(0));
    var lenient =
        f.call("PATCH", "/books")
            .header("Prefer", "max-affected=1")
            .body("{\"status\":\"x\"}")
            .send();
    assertThat(lenient.status()).isEqualTo(204);
    var ok =
        f.call("DELETE", "/books?id=eq.2")
            .header("Prefer", "handling=strict")
            .header("Prefer", "max-affected=1")
            .send();
    assertThat(ok.status()).isEqualTo(204);
    assertThat(ok.header("Preference-Applied")).isEqualTo("handling=strict, max-affected=1");
  }

  @Test
  void delete_filtersAndRepresentation() throws Exception {
    var rep = f.call("DELETE", "/books?id=eq.2").header("Prefer", "return=representation").send();
    assertThat(rep.status()).isEqualTo(200);
    assertThat(rep.json().get(0).get("title").asText()).isEqualTo("Emma");
    assertThat(f.call("DELETE", "/books?id=eq.777").send().status()).isEqualTo(204);
    assertThat(
            f.call("DELETE", "/books")
                .header("Prefer", "count=exact")
                .send()
                .header("Content-Range"))
        .isEqualTo("0-0/1");
    assertThat(f.query("SELECT count(*) FROM books")).containsExactly(List.of(0));
  }

  @Test
  void put_insertsOrReplacesByPrimaryKey() throws Exception {
    var ins =
        f.call("PUT", "/books?id=eq.50")
            .header("Prefer", "return=representation")
            .body("{\"id\":50,\"title\":\"fifty\"}")
            .send();
    assertThat(ins.status()).as(ins.toString()).isEqualTo(201);
    var upd =
        f.call("PUT", "/books?id=eq.50")
            .header("Prefer", "return=representation")
            .body("{\"id\":50,\"title\":\"FIFTY\"}")
            .send();
    assertThat(upd.status()).isEqualTo(200);
    assertThat(upd.text()).contains("FIFTY");
    assertThat(f.call("PUT", "/books?id=eq.1").body("[{\"id\":1,\"title\":\"D\"}]").send().status())
        .isEqualTo(204);
    assertThat(f.query("SELECT title FROM books WHERE id = 1")).containsExactly(List.of("D"));
  }

  @Test
  void put_postgrestRules() throws Exception {
    assertThat(f.call("PUT", "/books?title=eq.x").body("{\"id\":1}").send().code())
        .isEqualTo("PGRST105");
    assertThat(f.call("PUT", "/books?id=gt.1").body("{\"id\":1}").send().status()).isEqualTo(405);
    assertThat(f.call("PUT", "/books?id=eq.1&title=eq.x").body("{\"id\":1}").send().status())
        .isEqualTo(405);
    assertThat(f.call("PUT", "/books?id=eq.1").body("{\"id\":2,\"title\":\"x\"}").send().code())
        .isEqualTo("PGRST115");
    assertThat(f.call("PUT", "/books?id=eq.1").body("{\"title\":\"x\"}").send().code())
        .isEqualTo("PGRST115");
    assertThat(
            f.call("PUT", "/books?id=eq.1&limit=1")
                .body("{\"id\":1,\"title\":\"x\"}")
                .send()
                .code())
        .isEqualTo("PGRST114");
    assertThat(f.call("PUT", "/books?id=eq.1").body("[{\"id\":1},{\"id\":1}]").send().status())
        .isEqualTo(400);
    f.sql("CREATE TABLE nopk(id int, s text)");
    assertThat(f.call("PUT", "/nopk?id=eq.1").body("{\"id\":1,\"s\":\"b\"}").send().code())
        .isEqualTo("PGRST105");
    assertThat(f.query("SELECT title FROM books WHERE id = 1")).containsExactly(List.of("Dune"));
  }

  @Test
  void txRollback_returnsResponseButChangesNothing() throws Exception {
    var r =
        post("", "{\"id\":60,\"title\":\"ghost\"}")
            .header("Prefer", "tx=rollback, return=representation")
            .send();
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.json().get(0).get("title").asText()).isEqualTo("ghost");
    assertThat(r.header("Preference-Applied")).isEqualTo("return=representation, tx=rollback");
    assertThat(f.query("SELECT count(*) FROM books WHERE id = 60")).containsExactly(List.of(0));
  }

  @Test
  void txRollback_ignoredWithoutOverride() throws Exception {
    f.api = new RestApi(f.db, RestApiOptions.defaults(AllowListPolicy.allowAll()));
    var r = post("", "{\"id\":61,\"title\":\"real\"}").header("Prefer", "tx=rollback").send();
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.header("Preference-Applied")).isNull();
    assertThat(f.query("SELECT count(*) FROM books WHERE id = 61")).containsExactly(List.of(1));
  }

  @Test
  void singularAccept_onWrites() throws Exception {
    var one =
        f.call("PATCH", "/books?id=eq.1&select=id,status")
            .header("Prefer", "return=representation")
            .header("Accept", "application/vnd.pgrst.object+json")
            .body("{\"status\":\"s\"}")
            .send();
    assertThat(one.status()).isEqualTo(200);
    assertThat(one.text()).isEqualTo("{\"id\":1,\"status\":\"s\"}");
    var two =
        f.call("PATCH", "/books")
            .header("Accept", "application/vnd.pgrst.object+json")
            .body("{\"status\":\"t\"}")
            .send();
    assertThat(two.status()).isEqualTo(406);
    assertThat(two.code()).isEqualTo("PGRST116");
    assertThat(f.query("SELECT count(*) FROM books WHERE status = 't'"))
        .containsExactly(List.of(0));
  }

  @Test
  void csv_inAndOut() throws Exception {
    var r =
        f.call("POST", "/books?select=id,title,status")
            .header("Content-Type", "text/csv")
            .header("Accept", "text/csv")
            .header("Prefer", "return=representation")
            .body("id,title,status\n70,\"Hello, \"\"World\"\"\",NULL\n71,plain,\"\"\n")
            .send();
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    assertThat(r.header("Content-Type")).isEqualTo("text/csv; charset=utf-8");
    assertThat(r.text()).isEqualTo("id,title,status\n70,\"Hello, \"\"World\"\"\",\n71,plain,\"\"");
    assertThat(f.query("SELECT status IS NULL FROM books WHERE id IN (70,71) ORDER BY id"))
        .containsExactly(List.of(1), List.of(0));
    var bad =
        f.call("POST", "/books").header("Content-Type", "text/csv").body("id,title\n1\n").send();
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.code()).isEqualTo("PGRST102");
  }

  @Test
  void formBody_oneRow() throws Exception {
    var r =
        f.call("POST", "/books")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body("id=80&title=form+book")
            .send();
    assertThat(r.status()).isEqualTo(201);
    assertThat(f.query("SELECT title FROM books WHERE id = 80"))
        .containsExactly(List.of("form book"));
  }

  @Test
  void contentNegotiationErrors() {
    assertThat(post("", "{}").header("Accept", "application/xml").send().status()).isEqualTo(406);
    var unsupported =
        f.call("POST", "/books").header("Content-Type", "application/xml").body("<a/>").send();
    assertThat(unsupported.status()).isEqualTo(415);
  }

  @Test
  void malformedJson_400WithBytePosition() {
    var r = post("", "{\"id\": 1, \"title\": tru}").send();
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.code()).isEqualTo("PGRST102");
    assertThat(r.json().get("details").asText()).contains("at byte 19");
    assertThat(post("", "").send().status()).isEqualTo(400);
    assertThat(post("", "[1,2]").send().status()).isEqualTo(400);
    assertThat(post("", "{} {}").send().status()).isEqualTo(400);
  }

  @Test
  void constraintErrors_mappedFromExtendedCodes() throws Exception {
    var dup = post("", "{\"id\":1,\"title\":\"x\"}").send();
    assertThat(dup.status()).isEqualTo(409);
    assertThat(dup.code()).isEqualTo("23505");
    assertThat(dup.json().get("message").asText()).isEqualTo("UNIQUE constraint failed: books.id");
    var uniq = post("", "{\"id\":5,\"title\":\"x\",\"isbn\":\"i1\"}").send();
    assertThat(uniq.status()).isEqualTo(409);
    assertThat(uniq.json().get("message").asText()).contains("books.isbn");
    var fk = post("", "{\"id\":5,\"title\":\"x\",\"author_id\":99}").send();
    assertThat(fk.status()).isEqualTo(409);
    assertThat(fk.code()).isEqualTo("23503");
    var notNull = post("", "{\"id\":5}").send();
    assertThat(notNull.status()).isEqualTo(400);
    assertThat(notNull.code()).isEqualTo("23502");
    assertThat(notNull.json().get("message").asText())
        .isEqualTo("NOT NULL constraint failed: books.title");
    var check = f.call("PATCH", "/books?id=eq.1").body("{\"pages\":0}").send();
    assertThat(check.status()).isEqualTo(400);
    assertThat(check.code()).isEqualTo("23514");
    // a failing row in a bulk insert rolls back the whole request
    assertThat(
            post("", "[{\"id\":5,\"title\":\"ok\"},{\"id\":1,\"title\":\"dup\"}]").send().status())
        .isEqualTo(409);
    assertThat(f.query("SELECT count(*) FROM books")).containsExactly(List.of(2));
  }

  /** {@code n} book objects with ids from {@code firstId} on, every one with the same keys. */
  private static String books(int firstId, int n, java.util.function.IntFunction<String> isbn) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < n; i++) {
      int id = firstId + i;
      b.append(i > 0 ? "," : "")
          .append("{\"id\":")
          .append(id)
          .append(",\"title\":\"t")
          .append(id)
          .append("\",\"isbn\":")
          .append(isbn.apply(id))
          .append('}');
    }
    return b.append(']').toString();
  }

  @Test
  void post_largeArrays_runAsMultiRowStatements_withTheSameRowsAndErrors() throws Exception {
    // 2,500 rows: two full multi-row statements, then a batch of 500 single-row executions
    int n = 2 * MutationRunner.ROWS_PER_STATEMENT + 500;
    var ok = post("", books(10, n, id -> "\"n" + id + "\"")).send();
    assertThat(ok.status()).as(ok.toString()).isEqualTo(201);
    assertThat(ok.response().rows()).hasValue(n);
    assertThat(f.query("SELECT count(*), min(id), max(id) FROM books WHERE title = 't' || id"))
        .containsExactly(List.of(n, 10, 10 + n - 1));
    assertThat(f.query("SELECT count(*) FROM books WHERE isbn <> 'n' || id"))
        .containsExactly(List.of(2));

    // a duplicate in the second statement, a NULL title in the first: the whole request fails with
    // the error a single row gets, and nothing of it stays
    int before = n + 2;
    var dup = post("", books(10_000, n, id -> id == 11_500 ? "\"i1\"" : "null")).send();
    assertThat(dup.status()).isEqualTo(409);
    assertThat(dup.code()).isEqualTo("23505");
    assertThat(dup.json().get("message").asText())
        .isEqualTo("UNIQUE constraint failed: books.isbn");
    String nullTitle = books(20_000, n, id -> "null").replace("\"t20500\"", "null");
    var notNull = post("", nullTitle).send();
    assertThat(notNull.status()).isEqualTo(400);
    assertThat(notNull.code()).isEqualTo("23502");
    assertThat(notNull.json().get("message").asText())
        .isEqualTo("NOT NULL constraint failed: books.title");
    assertThat(f.query("SELECT count(*) FROM books")).containsExactly(List.of(before));

    // Prefer semantics hold: ignore-duplicates counts the new rows only, merge-duplicates updates
    var ignore =
        post("", books(10, n + 7, id -> "null"))
            .header("Prefer", "resolution=ignore-duplicates")
            .send();
    assertThat(ignore.status()).isEqualTo(201);
    assertThat(ignore.response().rows()).hasValue(7);
    var merge =
        post("", books(10, n, id -> "\"m" + id + "\""))
            .header("Prefer", "resolution=merge-duplicates")
            .send();
    assertThat(merge.response().rows()).hasValue(n);
    assertThat(f.query("SELECT count(*) FROM books WHERE isbn = 'm' || id"))
        .containsExactly(List.of(n));
    assertThat(f.query("SELECT count(*) FROM books")).containsExactly(List.of(before + 7));
  }

  @Test
  void view_withoutTriggers_isReadOnly() throws Exception {
    f.sql("CREATE VIEW v AS SELECT id, title FROM books");
    var r = f.call("POST", "/v").body("{\"id\":1}").send();
    assertThat(r.status()).isEqualTo(405);
  }

  @Test
  void writes_goThroughSingleWriterAndNotifyCommit() throws Exception {
    int[] commits = {0};
    f.db.addCommitListener(() -> commits[0]++);
    post("", "[{\"id\":90,\"title\":\"a\"},{\"id\":91,\"title\":\"b\"}]").send();
    f.call("DELETE", "/books?id=eq.90").send();
    post("", "{\"id\":1,\"title\":\"dup\"}").send(); // fails: no commit
    assertThat(commits[0]).isEqualTo(2);
  }
}
