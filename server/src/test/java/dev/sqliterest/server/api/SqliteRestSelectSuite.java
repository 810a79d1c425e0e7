package dev.sqliterest.server.api;

import static dev.sqliterest.server.api.LiveServer.column;
import static dev.sqliterest.server.api.LiveServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
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
 * The read cases of sqlite-rest's integration suite (its select and error cases) over HTTP against
 * the real server, run once per auth context by the subclasses. As in sqlite-rest, the tables are
 * created through a separate connection after the server started, so the schema cache must pick
 * them up by itself. Allowlist: {@code test}, {@code test_view}.
 *
 * <p>Deliberate deviations from sqlite-rest's expectations (PostgREST's behaviour instead): S7e
 * gets {@code Content-Range: 7-9/*} (RFC 7233 needs the last position; sqlite-rest sends {@code
 * 7-/*}), and X4's injection attempt in {@code select} is a 400 (the text is checked against the
 * schema as a column name and rejected) instead of 200, with the table intact.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SqliteRestSelectSuite {

  static final Set<String> ALLOWED = Set.of("test", "test_view");

  LiveServer server;

  abstract LiveServer start(Path dir) throws Exception;

  @BeforeAll
  void startServer(@TempDir Path dir) throws Exception {
    server = start(dir);
  }

  @AfterAll
  void stopServer() throws Exception {
    server.close();
  }

  @BeforeEach
  void dropTables() {
    server.sql("DROP VIEW IF EXISTS test_view", "DROP TABLE IF EXISTS test");
  }

  private static List<Integer> ids(HttpResponse<String> response) {
    List<Integer> ids = new ArrayList<>();
    for (JsonNode row : json(response)) {
      ids.add(row.get("id").intValue());
    }
    return ids;
  }

  @Test
  void s1_noTable_is404NamingTheTable() {
    HttpResponse<String> r = server.get("/test?select=id");

    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(json(r).get("code").asText()).isEqualTo("PGRST205");
    assertThat(json(r).get("message").asText()).contains("no such table: test");
  }

  @Test
  void s2_emptyTable_isEmptyArray() {
    server.sql("CREATE TABLE test (id int)");

    HttpResponse<String> r = server.get("/test?select=id");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("[]");
    assertThat(r.headers().firstValue("Content-Range")).contains("*/*");
  }

  @Test
  void s3_s4_selectAllAndSingleColumn() {
    server.sql(
        "CREATE TABLE test (id int, s text)",
        "INSERT INTO test VALUES (1, 'a'), (1, 'a'), (1, 'a')");

    HttpResponse<String> all = server.get("/test?select=*");
    HttpResponse<String> one = server.get("/test?select=id");

    assertThat(all.body())
        .isEqualTo("[{\"id\":1,\"s\":\"a\"},{\"id\":1,\"s\":\"a\"},{\"id\":1,\"s\":\"a\"}]");
    assertThat(one.body()).isEqualTo("[{\"id\":1},{\"id\":1},{\"id\":1}]");
  }

  @Test
  void s5_filter() {
    server.sql("CREATE TABLE test (id int)", "INSERT INTO test VALUES (1), (2), (3)");

    assertThat(ids(server.get("/test?select=id&id=eq.1"))).containsExactly(1);
  }

  @Test
  void s6_order() {
    server.sql(
        "CREATE TABLE test (id int, s text)",
        "INSERT INTO test VALUES (1, 'a'), (2, 'b'), (3, 'b')");

    assertThat(ids(server.get("/test?select=*&order=id.asc.nullslast"))).containsExactly(1, 2, 3);
    assertThat(ids(server.get("/test?select=*&order=id.desc.nullslast"))).containsExactly(3, 2, 1);
    assertThat(ids(server.get("/test?select=*&order=s.asc.nullslast,id.desc.nullslast")))
        .containsExactly(1, 3, 2);
  }

  @Test
  void s7_pagination() {
    server.sql(
        "CREATE TABLE test (id int)",
        "INSERT INTO test VALUES (1), (2), (3), (4), (5), (6), (7), (8), (9), (10)");

    assertThat(ids(server.get("/test?select=*&limit=3&order=id.asc.nullslast")))
        .containsExactly(1, 2, 3);
    assertThat(ids(server.get("/test?select=*&offset=3&limit=3&order=id.asc.nullslast")))
        .containsExactly(4, 5, 6);

    HttpResponse<String> counted =
        server.get(
            "/test?select=*&offset=3&limit=3&order=id.asc.nullslast", "Prefer", "count=exact");
    assertThat(ids(counted)).containsExactly(4, 5, 6);
    assertThat(counted.headers().firstValue("Content-Range")).contains("3-5/10");
    assertThat(counted.statusCode()).isEqualTo(206);

    HttpResponse<String> ranged = server.get("/test", "Range", "3-5");
    assertThat(ids(ranged)).containsExactly(4, 5, 6);
    assertThat(ranged.headers().firstValue("Content-Range")).contains("3-5/*");

    HttpResponse<String> open = server.get("/test", "Range", "7-");
    assertThat(ids(open)).containsExactly(8, 9, 10);
    assertThat(open.headers().firstValue("Content-Range")).contains("7-9/*");
  }

  @Test
  void s8_view() {
    server.sql(
        "CREATE TABLE test (id int)",
        "INSERT INTO test VALUES (1), (1), (1)",
        "CREATE VIEW test_view (id) AS SELECT id + 1 FROM test");

    assertThat(ids(server.get("/test_view?select=id"))).containsExactly(2, 2, 2);
  }

  @Test
  void s9_operators_exactRowsAndKeys() {
    server.sql(
        "CREATE TABLE test (id int, s text, v int)",
        "INSERT INTO test VALUES (1, 'a', NULL), (2, 'b', NULL), (3, 'c', 1)");
    String order = "&order=id.asc.nullslast";
    String[][] cases = {
      {"select=id&id=eq.1&s=eq.a", "[{\"id\":1}]"},
      {"select=id&id=lt.1", "[]"},
      {"select=id&id=neq.1&s=lt.c", "[{\"id\":2}]"},
      {"select=id&id=neq.1&s=like.c", "[{\"id\":3}]"},
      {"select=id&id=in.(1,2,4,10000)" + order, "[{\"id\":1},{\"id\":2}]"},
      {"select=id&v=is.null" + order, "[{\"id\":1},{\"id\":2}]"},
      {"select=id&v=is.true" + order, "[{\"id\":3}]"},
      {"select=id&id=not.eq.1" + order, "[{\"id\":2},{\"id\":3}]"},
      {"select=id&or=(id.eq.1,id.eq.3)" + order, "[{\"id\":1},{\"id\":3}]"},
      {"select=id&or=(id.eq.1,s.like.%E4%B8%AD%E6%96%87)" + order, "[{\"id\":1}]"},
    };
    for (String[] c : cases) {
      HttpResponse<String> r = server.get("/test?" + c[0]);
      assertThat(r.statusCode()).as(c[0]).isEqualTo(200);
      assertThat(r.body()).as(c[0]).isEqualTo(c[1]);
    }
  }

  @Test
  void s10_aliasesAndCasts() {
    server.sql(
        "CREATE TABLE test (id int, s text, d text)",
        "INSERT INTO test VALUES (1, '1', 'a'), (2, '2', 'a'), (3, '3', 'a')");

    HttpResponse<String> r = server.get("/test?select=id_str:id::text,s::int,d_text:d");

    assertThat(r.body())
        .isEqualTo(
            "[{\"id_str\":\"1\",\"s\":1,\"d_text\":\"a\"},"
                + "{\"id_str\":\"2\",\"s\":2,\"d_text\":\"a\"},"
                + "{\"id_str\":\"3\",\"s\":3,\"d_text\":\"a\"}]");
  }

  @Test
  void x2_tableNotAllowed_is403AccessRestricted() {
    server.sql("CREATE TABLE __sqlite_rest_migrations (version int, dirty int)");

    HttpResponse<String> r = server.get("/__sqlite_rest_migrations?select=version");

    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(json(r).get("message").asText()).contains("Access Restricted");
    assertThat(json(r).has("code") && json(r).has("details") && json(r).has("hint")).isTrue();
  }

  @Test
  void x4_injectionInSelect_is400AndTableIntact() {
    server.sql("CREATE TABLE test (id int)", "INSERT INTO test VALUES (1)");

    HttpResponse<String> r = server.get("/test?select=1;%20drop%20table%20test;select%20*");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("message").asText()).isNotBlank();
    assertThat(ids(server.get("/test?select=id"))).containsExactly(1);
  }

  @Test
  void head_countsWithoutBody() {
    server.sql("CREATE TABLE test (id int)", "INSERT INTO test VALUES (1), (2), (3)");

    HttpResponse<String> r = server.head("/test?limit=2", "Prefer", "count=exact");

    assertThat(r.statusCode()).isEqualTo(206);
    assertThat(r.body()).isEmpty();
    assertThat(r.headers().firstValue("Content-Range")).contains("0-1/3");
  }

  @Test
  void clientMistakes_are4xxJsonNever500() {
    server.sql("CREATE TABLE test (id int)", "INSERT INTO test VALUES (1)");

    for (String query :
        List.of(
            "select=nope",
            "id=zz.1",
            "order=id.sideways",
            "id=in.(1",
            "select=id-%3E%3E",
            "limit=-1",
            "or=(id.eq.1")) {
      HttpResponse<String> r = server.get("/test?" + query);
      assertThat(r.statusCode()).as(query).isBetween(400, 499);
      assertThat(json(r).has("code") && json(r).has("message")).as(query).isTrue();
    }
  }

  @Test
  void cors_realResponsesExposeContentRange() {
    server.sql("CREATE TABLE test (id int)");

    HttpResponse<String> r = server.get("/test", "Origin", "https://app.example");

    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
    assertThat(r.headers().firstValue("Access-Control-Expose-Headers").orElseThrow())
        .contains("Content-Range");
  }

  @Test
  void profileHeadersOfPostgrestClients_areTolerated() {
    server.sql("CREATE TABLE test (id int)", "INSERT INTO test VALUES (5)");

    for (String profile : List.of("http", "public")) {
      HttpResponse<String> r =
          server.get("/test?select=id", "Accept-Profile", profile, "Accept", "application/json");
      assertThat(r.statusCode()).as(profile).isEqualTo(200);
      assertThat(column(r, "id")).containsExactly("5");
    }
  }
}
