package dev.sqliterest.server.api;

import static dev.sqliterest.server.api.LiveServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sqliterest.server.config.DatabaseDsn;
import dev.sqliterest.server.config.ServeConfig;
import dev.sqliterest.sqlite.DatabaseOptions;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write API over real HTTP, black box: the production server on an ephemeral port, requests as
 * clients send them, and the database checked through its own JDBC connection. Bodies, Prefer
 * headers, content negotiation, PUT rules, error mapping and safety.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class WriteApiHttpTest {

  private static final String JSON_TYPE = "application/json";

  private LiveServer server;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    server = LiveServer.withoutAuth(dir, Set.of("items", "parent", "child"));
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  @BeforeEach
  void resetTables() {
    server.sql(
        "DROP TABLE IF EXISTS child",
        "DROP TABLE IF EXISTS parent",
        "DROP TABLE IF EXISTS items",
        "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
            + " qty INTEGER DEFAULT 7 CHECK (qty >= 0), note TEXT)",
        "INSERT INTO items VALUES (1, 'apple', 5, 'red'), (2, 'banana', 0, NULL),"
            + " (3, 'cherry', 12, 'red')",
        "CREATE TABLE parent (id INTEGER PRIMARY KEY)",
        "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id))",
        "INSERT INTO parent VALUES (1)");
  }

  private HttpResponse<String> post(String query, String body, String... headers) {
    return server.send("POST", "/items" + query, body, with(JSON_TYPE, headers));
  }

  private static String[] with(String contentType, String... headers) {
    List<String> all = new ArrayList<>(List.of("Content-Type", contentType));
    all.addAll(List.of(headers));
    return all.toArray(String[]::new);
  }

  private List<String> rows(String sql) throws Exception {
    return rows(server.database, sql);
  }

  private static List<String> rows(Path database, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      List<String> out = new ArrayList<>();
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          row.add(String.valueOf(rs.getObject(i)));
        }
        out.add(String.join("|", row));
      }
      return out;
    }
  }

  /** The preferences a response says it applied (a comma list; the order carries no meaning). */
  private static List<String> applied(HttpResponse<String> r) {
    return r.headers().firstValue("Preference-Applied").stream()
        .flatMap(v -> java.util.Arrays.stream(v.split(",")))
        .map(String::strip)
        .toList();
  }

  private static String code(HttpResponse<String> r) {
    return json(r).get("code").asText();
  }

  // ---- POST ------------------------------------------------------------------------------------

  @Test
  void post_singleObject_201WithoutBody() throws Exception {
    HttpResponse<String> r = post("", "{\"id\":10,\"name\":\"date\",\"qty\":1}");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    assertThat(r.body()).isEmpty();
    assertThat(r.headers().firstValue("Content-Range")).hasValue("*/*");
    assertThat(rows("SELECT id, name, qty FROM items WHERE id = 10")).containsExactly("10|date|1");
  }

  @Test
  void post_bulkWithRepresentation_returnsTheInsertedRows() throws Exception {
    HttpResponse<String> r =
        post(
            "?select=id,name",
            "[{\"id\":10,\"name\":\"date\"},{\"id\":11,\"name\":\"elder\"}]",
            "Prefer",
            "return=representation");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    assertThat(r.body())
        .isEqualTo("[{\"id\":10,\"name\":\"date\"},{\"id\":11,\"name\":\"elder\"}]");
    assertThat(r.headers().firstValue("Preference-Applied")).hasValue("return=representation");
    assertThat(rows("SELECT count(*) FROM items")).containsExactly("5");
  }

  @Test
  void post_columns_insertsOnlyThoseAndIgnoresOtherKeys() throws Exception {
    HttpResponse<String> r =
        post("?columns=id,name", "{\"id\":10,\"name\":\"x\",\"qty\":3,\"bogus\":1}");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    assertThat(rows("SELECT name, qty FROM items WHERE id = 10")).containsExactly("x|7");
  }

  @Test
  void post_mixedKeys_400_unlessMissingDefault() throws Exception {
    String body = "[{\"id\":10,\"name\":\"a\"},{\"id\":11,\"name\":\"b\",\"qty\":2}]";

    HttpResponse<String> bad = post("", body);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(code(bad)).isEqualTo("PGRST102");
    assertThat(rows("SELECT count(*) FROM items")).containsExactly("3");

    HttpResponse<String> ok = post("", body, "Prefer", "missing=default");
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
    assertThat(ok.headers().firstValue("Preference-Applied")).hasValue("missing=default");
    assertThat(rows("SELECT id, qty FROM items WHERE id >= 10 ORDER BY id"))
        .containsExactly("10|7", "11|2");
  }

  @Test
  void post_unknownKey_400() {
    HttpResponse<String> r = post("", "{\"id\":10,\"name\":\"a\",\"colour\":\"red\"}");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(code(r)).isEqualTo("PGRST204");
    assertThat(r.body()).contains("colour");
  }

  @Test
  void post_headersOnly_location() {
    HttpResponse<String> r =
        post("", "{\"id\":42,\"name\":\"fig\"}", "Prefer", "return=headers-only");

    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.body()).isEmpty();
    assertThat(r.headers().firstValue("Location")).hasValue("/items?id=eq.42");
  }

  @Test
  void post_countExact_contentRangeTotal() {
    HttpResponse<String> r =
        post(
            "", "[{\"id\":10,\"name\":\"a\"},{\"id\":11,\"name\":\"b\"}]", "Prefer", "count=exact");

    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.headers().firstValue("Content-Range")).hasValue("*/2");
    assertThat(r.headers().firstValue("Preference-Applied")).hasValue("count=exact");
  }

  @Test
  void post_twoPreferHeaders_bothApplied() {
    HttpResponse<String> r =
        post(
            "?select=id",
            "{\"id\":10,\"name\":\"a\"}",
            "Prefer",
            "return=representation",
            "Prefer",
            "count=exact");

    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.body()).isEqualTo("[{\"id\":10}]");
    assertThat(r.headers().firstValue("Content-Range")).hasValue("*/1");
    assertThat(r.headers().firstValue("Preference-Applied"))
        .hasValue("return=representation, count=exact");
  }

  @Test
  void post_emptyBody_clear400() {
    HttpResponse<String> r = post("", "");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(code(r)).isEqualTo("PGRST102");
    assertThat(json(r).get("details").asText())
        .isEqualTo("the request body is empty; send a JSON object or an array of objects");
  }

  @Test
  void post_malformedJson_400WithBytePosition() {
    HttpResponse<String> r = post("", "{\"id\":10,\"name\":}");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(code(r)).isEqualTo("PGRST102");
    assertThat(json(r).get("details").asText()).startsWith("malformed JSON at byte 16 (line 1,");
  }

  // ---- upsert ----------------------------------------------------------------------------------

  @Test
  void upsert_mergeDuplicates_updatesTheRow() throws Exception {
    HttpResponse<String> r =
        post(
            "?select=id,qty",
            "{\"id\":1,\"name\":\"apple\",\"qty\":44}",
            "Prefer",
            "resolution=merge-duplicates, return=representation");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    assertThat(r.body()).isEqualTo("[{\"id\":1,\"qty\":44}]");
    assertThat(applied(r))
        .containsExactlyInAnyOrder("resolution=merge-duplicates", "return=representation");
    assertThat(rows("SELECT qty FROM items WHERE id = 1")).containsExactly("44");
  }

  @Test
  void upsert_ignoreDuplicates_keepsTheRow() throws Exception {
    HttpResponse<String> r =
        post(
            "",
            "{\"id\":1,\"name\":\"apple\",\"qty\":44}",
            "Prefer",
            "resolution=ignore-duplicates, return=representation");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    assertThat(r.body()).isEqualTo("[]");
    assertThat(rows("SELECT qty FROM items WHERE id = 1")).containsExactly("5");
  }

  @Test
  void upsert_onConflict_uniqueColumnMerges_otherColumn400() throws Exception {
    HttpResponse<String> byName =
        post(
            "?on_conflict=name",
            "{\"name\":\"banana\",\"qty\":9}",
            "Prefer",
            "resolution=merge-duplicates");
    assertThat(byName.statusCode()).as(byName.body()).isEqualTo(201);
    assertThat(rows("SELECT id, qty FROM items WHERE name = 'banana'")).containsExactly("2|9");

    HttpResponse<String> notUnique =
        post(
            "?on_conflict=qty",
            "{\"name\":\"zz\",\"qty\":9}",
            "Prefer",
            "resolution=merge-duplicates");
    assertThat(notUnique.statusCode()).isEqualTo(400);
    assertThat(code(notUnique)).isEqualTo("42P10");

    HttpResponse<String> unknown =
        post("?on_conflict=nope", "{\"name\":\"zz\"}", "Prefer", "resolution=merge-duplicates");
    assertThat(unknown.statusCode()).isEqualTo(400);
  }

  // ---- PATCH / DELETE --------------------------------------------------------------------------

  @Test
  void patch_filtered_204ThenRepresentation200() throws Exception {
    HttpResponse<String> minimal =
        server.send("PATCH", "/items?note=eq.red", "{\"qty\":1}", with(JSON_TYPE));
    assertThat(minimal.statusCode()).as(minimal.body()).isEqualTo(204);
    assertThat(minimal.headers().firstValue("Content-Range")).hasValue("0-1/*");
    assertThat(rows("SELECT id FROM items WHERE qty = 1 ORDER BY id")).containsExactly("1", "3");

    HttpResponse<String> rep =
        server.send(
            "PATCH",
            "/items?id=eq.2&select=id,note",
            "{\"note\":\"yellow\"}",
            with(JSON_TYPE, "Prefer", "return=representation"));
    assertThat(rep.statusCode()).isEqualTo(200);
    assertThat(rep.body()).isEqualTo("[{\"id\":2,\"note\":\"yellow\"}]");
  }

  @Test
  void patch_maxAffectedStrict_400AndRolledBack() throws Exception {
    HttpResponse<String> r =
        server.send(
            "PATCH",
            "/items?id=gte.1",
            "{\"note\":\"x\"}",
            with(JSON_TYPE, "Prefer", "handling=strict, max-affected=2"));

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(code(r)).isEqualTo("PGRST124");
    assertThat(rows("SELECT count(*) FROM items WHERE note = 'x'")).containsExactly("0");

    HttpResponse<String> withinLimit =
        server.send(
            "PATCH",
            "/items?id=eq.1",
            "{\"note\":\"x\"}",
            with(JSON_TYPE, "Prefer", "handling=strict, max-affected=2"));
    assertThat(withinLimit.statusCode()).isEqualTo(204);
    assertThat(withinLimit.headers().firstValue("Preference-Applied"))
        .hasValue("handling=strict, max-affected=2");
  }

  @Test
  void delete_filtered_countAndRepresentation() throws Exception {
    HttpResponse<String> counted =
        server.send("DELETE", "/items?note=eq.red", "", "Prefer", "count=exact");
    assertThat(counted.statusCode()).isEqualTo(204);
    assertThat(counted.headers().firstValue("Content-Range")).hasValue("0-1/2");
    assertThat(rows("SELECT id FROM items")).containsExactly("2");

    HttpResponse<String> rep =
        server.send("DELETE", "/items?id=eq.2&select=name", "", "Prefer", "return=representation");
    assertThat(rep.statusCode()).isEqualTo(200);
    assertThat(rep.body()).isEqualTo("[{\"name\":\"banana\"}]");
    assertThat(server.send("DELETE", "/items?id=eq.777", "").statusCode()).isEqualTo(204);
  }

  // ---- PUT -------------------------------------------------------------------------------------

  @Test
  void put_insertsThenReplacesByPrimaryKey() throws Exception {
    HttpResponse<String> insert =
        server.send(
            "PUT",
            "/items?id=eq.20",
            "{\"id\":20,\"name\":\"kiwi\",\"qty\":2,\"note\":\"n\"}",
            with(JSON_TYPE, "Prefer", "return=representation"));
    assertThat(insert.statusCode()).as(insert.body()).isEqualTo(201);

    HttpResponse<String> replace =
        server.send(
            "PUT",
            "/items?id=eq.20",
            "{\"id\":20,\"name\":\"kiwi2\",\"qty\":3,\"note\":null}",
            with(JSON_TYPE, "Prefer", "return=representation"));
    assertThat(replace.statusCode()).as(replace.body()).isEqualTo(200);
    assertThat(rows("SELECT name, qty, note FROM items WHERE id = 20"))
        .containsExactly("kiwi2|3|null");
  }

  @Test
  void put_postgrestRules() throws Exception {
    HttpResponse<String> mismatch =
        server.send(
            "PUT",
            "/items?id=eq.1",
            "{\"id\":2,\"name\":\"x\",\"qty\":1,\"note\":null}",
            with(JSON_TYPE));
    assertThat(mismatch.statusCode()).isEqualTo(400);
    assertThat(code(mismatch)).isEqualTo("PGRST115");

    HttpResponse<String> nonPkFilter =
        server.send(
            "PUT",
            "/items?name=eq.apple",
            "{\"id\":1,\"name\":\"apple\",\"qty\":1,\"note\":null}",
            with(JSON_TYPE));
    assertThat(nonPkFilter.statusCode()).isEqualTo(405);
    assertThat(code(nonPkFilter)).isEqualTo("PGRST105");

    HttpResponse<String> twoObjects =
        server.send(
            "PUT",
            "/items?id=eq.1",
            "[{\"id\":1,\"name\":\"a\",\"qty\":1,\"note\":null},"
                + "{\"id\":1,\"name\":\"b\",\"qty\":1,\"note\":null}]",
            with(JSON_TYPE));
    assertThat(twoObjects.statusCode()).isEqualTo(400);
    assertThat(rows("SELECT name FROM items WHERE id = 1")).containsExactly("apple");
  }

  // ---- tx=rollback -----------------------------------------------------------------------------

  @Test
  void txRollback_ignoredWithoutAllowTxOverride() throws Exception {
    HttpResponse<String> r = post("", "{\"id\":60,\"name\":\"kept\"}", "Prefer", "tx=rollback");

    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.headers().firstValue("Preference-Applied")).isEmpty();
    assertThat(rows("SELECT name FROM items WHERE id = 60")).containsExactly("kept");
  }

  @Test
  void txRollback_withAllowTxOverride_answersButChangesNothing(@TempDir Path other)
      throws Exception {
    Path db = other.resolve("tx.db");
    try (LiveServer tx =
        LiveServer.start(
            ServeConfig.loopback(DatabaseOptions.defaults(db).withCreate(true), Set.of("items"))
                .withAllowTxOverride(true))) {
      tx.sql("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)");
      HttpResponse<String> r =
          tx.send(
              "POST",
              "/items",
              "{\"id\":1,\"name\":\"ghost\"}",
              with(JSON_TYPE, "Prefer", "tx=rollback, return=representation"));

      assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
      assertThat(r.body()).isEqualTo("[{\"id\":1,\"name\":\"ghost\"}]");
      assertThat(r.headers().firstValue("Preference-Applied"))
          .hasValue("return=representation, tx=rollback");
      assertThat(rows(db, "SELECT count(*) FROM items")).containsExactly("0");
    }
  }

  // ---- content negotiation ---------------------------------------------------------------------

  @Test
  void csv_bodyInAndAcceptCsvOut() throws Exception {
    HttpResponse<String> r =
        server.send(
            "POST",
            "/items?select=id,name,note",
            "id,name,note\n30,\"Hello, \"\"World\"\"\",NULL\n31,plain,\"\"\n",
            with("text/csv", "Accept", "text/csv", "Prefer", "return=representation"));

    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
    assertThat(r.body()).isEqualTo("id,name,note\n30,\"Hello, \"\"World\"\"\",\n31,plain,\"\"");
    assertThat(rows("SELECT name, note IS NULL FROM items WHERE id >= 30 ORDER BY id"))
        .containsExactly("Hello, \"World\"|1", "plain|0");
  }

  @Test
  void singularObject_oneRowIsAnObject_manyRows406AndRolledBack() throws Exception {
    String object = "application/vnd.pgrst.object+json";
    HttpResponse<String> one =
        server.send(
            "PATCH",
            "/items?id=eq.1&select=id,note",
            "{\"note\":\"s\"}",
            with(JSON_TYPE, "Accept", object, "Prefer", "return=representation"));
    assertThat(one.statusCode()).as(one.body()).isEqualTo(200);
    assertThat(one.body()).isEqualTo("{\"id\":1,\"note\":\"s\"}");

    HttpResponse<String> many =
        server.send(
            "PATCH",
            "/items?id=gte.1",
            "{\"note\":\"t\"}",
            with(JSON_TYPE, "Accept", object, "Prefer", "return=representation"));
    assertThat(many.statusCode()).isEqualTo(406);
    assertThat(code(many)).isEqualTo("PGRST116");
    assertThat(rows("SELECT count(*) FROM items WHERE note = 't'")).containsExactly("0");
  }

  @Test
  void unacceptableAccept_406_unsupportedContentType_415() throws Exception {
    HttpResponse<String> xmlOut =
        post("", "{\"id\":10,\"name\":\"a\"}", "Accept", "application/xml");
    assertThat(xmlOut.statusCode()).isEqualTo(406);
    assertThat(json(xmlOut).has("code")).isTrue();

    HttpResponse<String> xmlIn = server.send("POST", "/items", "<a/>", with("application/xml"));
    assertThat(xmlIn.statusCode()).isEqualTo(415);
    assertThat(json(xmlIn).has("code")).isTrue();
    assertThat(rows("SELECT count(*) FROM items")).containsExactly("3");
  }

  @Test
  void bodyOverMaxBodyBytes_413(@TempDir Path other) throws Exception {
    Path db = other.resolve("small.db");
    try (LiveServer small =
        LiveServer.start(
            ServeConfig.loopback(DatabaseOptions.defaults(db).withCreate(true), Set.of("items"))
                .withMaxBodyBytes(1024))) {
      small.sql("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)");
      HttpResponse<String> r =
          small.send(
              "POST",
              "/items",
              "{\"id\":1,\"name\":\"" + "x".repeat(2000) + "\"}",
              with(JSON_TYPE));

      assertThat(r.statusCode()).isEqualTo(413);
      assertThat(code(r)).isEqualTo("PGRST413");
      assertThat(rows(db, "SELECT count(*) FROM items")).containsExactly("0");
    }
  }

  // ---- SQLite errors ---------------------------------------------------------------------------

  @Test
  void constraintErrors_mapTo409And400() throws Exception {
    HttpResponse<String> unique = post("", "{\"id\":10,\"name\":\"apple\"}");
    assertThat(unique.statusCode()).isEqualTo(409);
    assertThat(code(unique)).isEqualTo("23505");

    HttpResponse<String> primaryKey = post("", "{\"id\":1,\"name\":\"other\"}");
    assertThat(primaryKey.statusCode()).isEqualTo(409);

    HttpResponse<String> foreignKey =
        server.send("POST", "/child", "{\"id\":1,\"parent_id\":99}", with(JSON_TYPE));
    assertThat(foreignKey.statusCode()).isEqualTo(409);
    assertThat(code(foreignKey)).isEqualTo("23503");

    HttpResponse<String> notNull = post("", "{\"id\":10,\"name\":null}");
    assertThat(notNull.statusCode()).isEqualTo(400);

    HttpResponse<String> check = post("", "{\"id\":10,\"name\":\"neg\",\"qty\":-1}");
    assertThat(check.statusCode()).isEqualTo(400);
    assertThat(rows("SELECT count(*) FROM items")).containsExactly("3");
  }

  @Test
  void readOnlyDatabase_writes405_readsWork(@TempDir Path other) throws Exception {
    Path db = other.resolve("ro.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement()) {
      st.executeUpdate("PRAGMA journal_mode=WAL");
      st.executeUpdate("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)");
      st.executeUpdate("INSERT INTO items VALUES (1, 'a')");
    }
    DatabaseOptions readOnly = DatabaseDsn.parse("file:" + db + "?mode=ro", false);
    try (LiveServer ro = LiveServer.start(ServeConfig.loopback(readOnly, Set.of("items")))) {
      HttpResponse<String> write =
          ro.send("POST", "/items", "{\"id\":2,\"name\":\"b\"}", with(JSON_TYPE));

      assertThat(write.statusCode()).as(write.body()).isEqualTo(405);
      assertThat(code(write)).isEqualTo("25006");
      assertThat(ro.get("/items?select=id").body()).isEqualTo("[{\"id\":1}]");
    }
    assertThat(rows(db, "SELECT count(*) FROM items")).containsExactly("1");
  }

  // ---- safety ----------------------------------------------------------------------------------

  @Test
  void injectionInJsonKey_400AndTableSurvives() throws Exception {
    for (String key : List.of("a); DROP TABLE items; --", "name\" TEXT); DROP TABLE items; --")) {
      JsonNode body = LiveServer.JSON.createObjectNode().put(key, "x").put("id", 10);
      HttpResponse<String> r = post("", body.toString());

      assertThat(r.statusCode()).as(key + " -> " + r.body()).isEqualTo(400);
    }
    HttpResponse<String> inColumns = post("?columns=a)%3BDROP%20TABLE%20items%3B--", "{\"id\":10}");
    assertThat(inColumns.statusCode()).isEqualTo(400);
    assertThat(rows("SELECT count(*) FROM items")).containsExactly("3");
  }
}
