package dev.sqliterest.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Injection attempts, client errors and the access policy: always 4xx JSON, database unchanged. */
final class SafetyTest {

  @TempDir Path dir;
  @AutoClose ApiFixture f;

  @BeforeEach
  void createTablesAndASecret() throws Exception {
    f =
        new ApiFixture(dir)
            .sql(
                "CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, data TEXT)",
                "CREATE TABLE secrets(pw TEXT)",
                "INSERT INTO secrets VALUES ('hunter2')",
                "INSERT INTO t VALUES (1, 'a', '{\"k\":1}'), (2, 'b', '{\"k\":2}')");
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "select=(select pw from secrets)",
        "select=id,(select group_concat(sql) from sqlite_master)",
        "select=1; drop table t; select *",
        "select=id;drop table t",
        "select=\"id\" FROM secrets --",
        "select=id::text) FROM secrets --",
        "select=id::int); DROP TABLE t; --",
        "select=data->>'$.k') FROM secrets --",
        "select=data->\"k\"\"); drop table t; --",
        "order=id; drop table t",
        "order=(select pw from secrets)",
        "order=id.desc; drop table t",
        "order=id.sideways",
        "1=1 or id=eq.1",
        "id) OR 1=1 --=eq.1",
        "id=exec.1",
        "id=eq;1",
        "id=in.(1);drop table t",
        "or=(id.eq.1) OR 1=1 --",
        "or=(id.eq.1,(select pw from secrets).eq.x)",
        "data->>k')) OR 1=1 --=eq.1",
        "id=is.1; drop table t",
        "nope=eq.1",
        "\"id\"\"; drop table t; --\"=eq.1",
        "select=nope",
        "select=id->a,t.name",
      })
  void injectionAttempt_is400_andDatabaseUnchanged(String query) throws Exception {
    int eq = query.indexOf('=');
    String encoded = enc(query.substring(0, eq)) + "=" + enc(query.substring(eq + 1));
    var r = f.get("/t?" + encoded).send();
    assertThat(r.status()).as(r.toString()).isEqualTo(400);
    assertThat(r.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
    assertThat(r.json().fieldNames())
        .toIterable()
        .containsExactly("code", "message", "details", "hint");
    assertThat(r.text()).doesNotContain("hunter2");
    assertThat(f.query("SELECT count(*) FROM t")).containsExactly(List.of(2));
    assertThat(f.query("SELECT count(*) FROM sqlite_schema")).containsExactly(List.of(2));
  }

  @Test
  void hostileJsonPathKey_isBoundNotSpliced() throws Exception {
    var r = f.get("/t?select=x:data->" + enc("\"k' || (select pw from secrets) || '\"")).send();
    // a legal (if odd) key: bound as a JSON path, so it just finds nothing
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.text()).isEqualTo("[{\"x\":null},{\"x\":null}]");
  }

  @Test
  void topLevelValueWithSqlText_isJustAValue() throws Exception {
    var r = f.get("/t?id=eq." + enc("1) OR (1=1")).send();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.text()).isEqualTo("[]");
  }

  @Test
  void hostileTableName_is404() throws Exception {
    var r = f.get("/" + "t\";DROP TABLE t;--").send();
    assertThat(r.status()).isEqualTo(404);
    assertThat(f.query("SELECT count(*) FROM t")).containsExactly(List.of(2));
  }

  @Test
  void unknownColumn_is400WithPostgresCode() {
    var r = f.get("/t?nope=eq.1").send();
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.code()).isEqualTo("42703");
    assertThat(r.json().get("message").asText()).isEqualTo("column t.nope does not exist");
  }

  @Test
  void unknownTable_is404WithHint() {
    var r = f.get("/tt").send();
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.code()).isEqualTo("PGRST205");
    assertThat(r.json().get("hint").asText()).isEqualTo("Perhaps you meant the table 't'");
  }

  @Test
  void unknownTable_hintNamesOnlyTablesTheCallerMayRead() {
    // "secret" and "tt" are allowed but missing; the real table "secrets" is not allowed
    f.api =
        new RestApi(
            f.db, RestApiOptions.defaults(new AllowListPolicy(Set.of("t", "tt", "secret"))));
    for (String method : List.of("GET", "HEAD", "DELETE", "OPTIONS")) {
      var r = f.call(method, "/secret").send();
      assertThat(r.status()).as(method).isEqualTo(404);
      if (!method.equals("HEAD")) {
        assertThat(r.json().get("hint").isNull()).as(method + " " + r).isTrue();
      }
    }
    var typo = f.get("/tt").send();
    assertThat(typo.json().get("hint").asText()).isEqualTo("Perhaps you meant the table 't'");
  }

  @Test
  void malformedFilter_is400Pgrst100() {
    var r = f.get("/t?id=eq").send();
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.code()).isEqualTo("PGRST100");
    assertThat(f.get("/t?or=(id.eq.1").send().status()).isEqualTo(400);
    assertThat(f.get("/t?id=in.(1,2").send().status()).isEqualTo(400);
    assertThat(f.get("/t?id=is.maybe").send().status()).isEqualTo(400);
    assertThat(f.get("/t?id=eq(some).1").send().status()).isEqualTo(400);
    assertThat(f.get("/t?select=id,").send().status()).isEqualTo(400);
    assertThat(f.get("/t?id=eq.%ZZ").send().status()).isEqualTo(400);
  }

  @Test
  void unsupportedFeatures_are400NotImplemented() {
    for (String q : List.of("name=cs.{a}", "name=adj.[1,2]")) {
      var r = f.get("/t?" + q).send();
      assertThat(r.status()).as(q).isEqualTo(400);
      assertThat(r.code()).isEqualTo("PGRST127");
    }
    assertThat(f.get("/t?select=id,other(*)").send().status()).isEqualTo(400);
  }

  @Test
  void hugeOrDeepQueries_are400NotServerErrors() {
    String deep = "and(id.eq.1,".repeat(40) + "id.eq.1" + ")".repeat(40);
    assertThat(f.get("/t?or=(" + enc(deep) + ")").send().status()).isEqualTo(400);
    StringBuilder wide = new StringBuilder("or=(");
    for (int i = 0; i < 3000; i++) {
      wide.append(i > 0 ? "," : "").append("id.eq.").append(i);
    }
    var r = f.get("/t?" + wide.append(')')).send();
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.json()).hasSize(2);
    StringBuilder in = new StringBuilder("id=in.(");
    for (int i = 0; i < 40_000; i++) {
      in.append(i > 0 ? "," : "").append(i);
    }
    var big = f.get("/t?" + in.append(')')).send();
    assertThat(big.status()).as(big.toString()).isIn(200, 400);
  }

  @Test
  void badRegex_is400() {
    var r = f.get("/t?name=match." + enc("(")).send();
    assertThat(r.status()).as(r.toString()).isEqualTo(400);
    assertThat(r.code()).isEqualTo("2201B");
  }

  @Test
  void invalidPaths_andMethods() {
    assertThat(f.get("/a/b").send().status()).isEqualTo(404);
    assertThat(f.get("/a/b").send().code()).isEqualTo("PGRST125");
    // the same rule as the HTTP adapter's (ApiPaths): a trailing slash is not a table path
    assertThat(f.get("/t/").send().code()).isEqualTo("PGRST125");
    var r = f.call("TRACE", "/t").send();
    assertThat(r.status()).isEqualTo(405);
    assertThat(r.code()).isEqualTo("PGRST117");
  }

  @Test
  void allowList_deniesOthersBeforeAnySql() {
    f.api = new RestApi(f.db, RestApiOptions.defaults(new AllowListPolicy(Set.of("t"))));
    assertThat(f.get("/t").send().status()).isEqualTo(200);
    var denied = f.get("/secrets").send();
    assertThat(denied.status()).isEqualTo(403);
    assertThat(denied.json().get("message").asText()).isEqualTo("Access Restricted");
    assertThat(denied.code()).isEqualTo("42501");
    // case-sensitive, and an unknown table is not revealed as missing
    assertThat(f.get("/T").send().status()).isEqualTo(403);
    assertThat(f.get("/missing").send().status()).isEqualTo(403);
    assertThat(f.call("OPTIONS", "/secrets").send().status()).isEqualTo(403);
  }

  @Test
  void accessPolicy_seesPrincipalActionAndColumns() {
    List<Object> seen = new java.util.ArrayList<>();
    AccessPolicy spy =
        (principal, table, action, columns) -> {
          seen.add(principal.role());
          seen.add(table);
          seen.add(action);
          seen.add(columns);
          return columns.contains("data") ? Optional.of("no data for you") : Optional.empty();
        };
    f.api = new RestApi(f.db, RestApiOptions.defaults(spy));
    var p = new HttpRequestData.Principal("reader", java.util.Map.of());
    assertThat(f.get("/t?select=id&name=eq.a").as(p).send().status()).isEqualTo(200);
    assertThat(seen).containsExactly("reader", "t", AccessPolicy.Action.READ, Set.of("id", "name"));
    var r = f.get("/t?select=data").as(p).send();
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.json().get("message").asText()).isEqualTo("no data for you");
  }
}
