package dev.sqliterest.server.api;

import static dev.sqliterest.server.api.LiveServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The read API over real HTTP (query strings percent-encoded as clients send them): operators,
 * logic trees, quoting, select forms, ordering, ranges and counts, typed JSON, and injection
 * attempts that must end in 400 with the database unchanged.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class ReadApiHttpTest {

  private LiveServer server;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    server = LiveServer.withoutAuth(dir, Set.of("items", "item_view"));
    server.sql(
        "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, qty INTEGER, price REAL,"
            + " big INTEGER, meta TEXT, data BLOB, flag BOOLEAN)",
        "INSERT INTO items VALUES"
            + " (1, 'apple', 5, 1.5, 9007199254740993, '{\"color\":\"red\",\"tags\":[\"a\"]}',"
            + " x'00ff', 1),"
            + " (2, 'Banana', NULL, 0.25, 1, '{\"color\":\"yellow\",\"tags\":[]}', NULL, 0),"
            + " (3, 'cherry, (red).', 12, 3.0, 2, NULL, NULL, NULL),"
            + " (4, '中文', 7, NULL, 3, '{\"color\":\"green\"}', NULL, 1)",
        "CREATE VIEW item_view AS SELECT id, upper(name) AS name FROM items");
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  private static String enc(String query) {
    StringBuilder out = new StringBuilder();
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (out.length() > 0) {
        out.append('&');
      }
      out.append(URLEncoder.encode(pair.substring(0, eq), StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out.toString();
  }

  private List<Integer> ids(String query) {
    HttpResponse<String> r = server.get("/items?" + enc(query));
    assertThat(r.statusCode()).as(query + " -> " + r.body()).isBetween(200, 206);
    List<Integer> ids = new ArrayList<>();
    json(r).forEach(row -> ids.add(row.get("id").intValue()));
    return ids;
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "id=eq.1&select=id                                   | 1",
        "qty=gt.5&select=id&order=id                         | 3,4",
        "qty=gte.5&qty=lte.7&select=id&order=id              | 1,4",
        "qty=ge.12&select=id                                 | 3",
        "qty=le.5&select=id                                  | 1",
        "name=like.*an*&select=id                            | 2",
        "name=like.B*&select=id                              | 2",
        "name=ilike.b*&select=id                             | 2",
        "name=match.^[ab]&select=id                          | 1",
        "name=imatch.^[ab]&select=id&order=id                | 1,2",
        "id=in.(1,3)&select=id&order=id                      | 1,3",
        "name=in.(\"cherry, (red).\",apple)&select=id&order=id | 1,3",
        "or=(name.eq.\"cherry, (red).\",id.eq.1)&select=id&order=id | 1,3",
        "qty=is.null&select=id                               | 2",
        "qty=not.is.null&select=id&order=id                  | 1,3,4",
        "flag=is.true&select=id&order=id                     | 1,4",
        "flag=is.false&select=id                             | 2",
        "flag=is.unknown&select=id                           | 3",
        "qty=isdistinct.5&select=id&order=id                 | 2,3,4",
        "qty=not.eq.5&select=id&order=id                     | 3,4",
        "name=eq.中文&select=id                               | 4",
        "or=(qty.lt.6,and(price.gt.2,qty.not.is.null))&select=id&order=id | 1,3",
        "and=(id.gt.1,or(name.like.B*,qty.eq.7))&select=id&order=id      | 2,4",
        "not.or=(id.eq.1,id.eq.2)&select=id&order=id        | 3,4",
        "meta->>color=eq.red&select=id                       | 1",
        "meta->tags->>0=eq.a&select=id                       | 1",
      })
  void filters(String query, String expected) {
    List<Integer> want = new ArrayList<>();
    for (String id : expected.split(",")) {
      want.add(Integer.parseInt(id.strip()));
    }
    assertThat(ids(query)).as(query).containsExactlyElementsOf(want);
  }

  @Test
  void head_isGetWithoutTheBody() {
    for (String path : List.of("/items?select=id,name&order=id", "/nope", "/items?limit=x")) {
      HttpResponse<String> get = server.get(path, "Prefer", "count=exact");
      HttpResponse<String> head = server.head(path, "Prefer", "count=exact");
      assertThat(head.statusCode()).as(path).isEqualTo(get.statusCode());
      assertThat(head.body()).as(path).isEmpty();
      assertThat(head.headers().firstValue("Content-Range"))
          .as(path)
          .isEqualTo(get.headers().firstValue("Content-Range"));
    }
  }

  @Test
  void head_ofARead_buildsNoBody_errorsKeepTheirLength() {
    // RFC 9110: a HEAD response may leave Content-Length out; when sent, it is what GET would send
    HttpResponse<String> read = server.head("/items?select=id,name&order=id");
    assertThat(read.headers().firstValue("Content-Length")).isEmpty();
    assertThat(read.headers().firstValue("Content-Range")).contains("0-3/*");
    for (String path : List.of("/nope", "/items?limit=x")) {
      HttpResponse<String> get = server.get(path);
      assertThat(server.head(path).headers().firstValue("Content-Length"))
          .as(path)
          .contains(String.valueOf(get.body().getBytes(StandardCharsets.UTF_8).length));
    }
  }

  @Test
  void select_aliasesCastsJsonPathsAndTypedValues() {
    HttpResponse<String> r =
        server.get(
            "/items?"
                + enc(
                    "select=label:name,qty::text,color:meta->>color,big,data,"
                        + "price,flag&id=eq.1"));

    assertThat(r.body())
        .isEqualTo(
            "[{\"label\":\"apple\",\"qty\":\"5\",\"color\":\"red\","
                + "\"big\":9007199254740993,\"data\":\"AP8=\",\"price\":1.5,\"flag\":true}]");
  }

  @Test
  void select_nullsAndUnicodeRoundTrip() {
    HttpResponse<String> r = server.get("/items?select=id,name,qty,price&id=in.(2,4)&order=id");

    assertThat(r.headers().firstValue("Content-Type")).contains("application/json; charset=utf-8");
    assertThat(r.body())
        .isEqualTo(
            "[{\"id\":2,\"name\":\"Banana\",\"qty\":null,\"price\":0.25},"
                + "{\"id\":4,\"name\":\"中文\",\"qty\":7,\"price\":null}]");
  }

  @Test
  void order_severalKeysWithNullsPlacement() {
    assertThat(ids("select=id&order=qty.desc.nullsfirst,id")).containsExactly(2, 3, 4, 1);
    assertThat(ids("select=id&order=qty.asc.nullslast")).containsExactly(1, 4, 3, 2);
    assertThat(ids("select=id&order=price.desc.nullslast,id.asc")).containsExactly(3, 1, 2, 4);
  }

  @Test
  void views_areServedLikeTables() {
    HttpResponse<String> r = server.get("/item_view?select=name&id=eq.1");

    assertThat(r.body()).isEqualTo("[{\"name\":\"APPLE\"}]");
  }

  @Test
  void ranges_contentRangeAndStatusAsPostgrest() {
    HttpResponse<String> partial =
        server.get("/items?select=id&order=id&limit=2&offset=1", "Prefer", "count=exact");
    assertThat(partial.statusCode()).isEqualTo(206);
    assertThat(partial.headers().firstValue("Content-Range")).contains("1-2/4");

    HttpResponse<String> complete = server.get("/items?select=id", "Prefer", "count=exact");
    assertThat(complete.statusCode()).isEqualTo(200);
    assertThat(complete.headers().firstValue("Content-Range")).contains("0-3/4");

    HttpResponse<String> past = server.get("/items?select=id&offset=10", "Prefer", "count=exact");
    assertThat(past.statusCode()).isEqualTo(416);

    HttpResponse<String> empty = server.get("/items?select=id&id=eq.99");
    assertThat(empty.headers().firstValue("Content-Range")).contains("*/*");

    HttpResponse<String> header =
        server.get("/items?select=id&order=id", "Range-Unit", "items", "Range", "1-2");
    assertThat(header.headers().firstValue("Content-Range")).contains("1-2/*");

    for (String count : List.of("planned", "estimated")) {
      HttpResponse<String> r = server.get("/items?select=id&limit=1", "Prefer", "count=" + count);
      assertThat(r.statusCode()).as(count).isIn(200, 206);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "select=id,(select group_concat(sql) from sqlite_master)",
        "select=id;drop table items",
        "select=\"id\"\"; drop table items; --\"",
        "order=id;drop table items",
        "order=(select 1)",
        "id=raw.1",
        "id)or(1=eq.1",
        "meta->>'x'||(select sql from sqlite_master)=eq.1",
        "select=meta->>x'||(select 1)",
        "select=id::text);drop table items;--",
        "name=in.(a')or('1'='1)",
        "limit=1;drop table items",
        "offset=abc",
      })
  void injectionAttempts_are400AndChangeNothing(String query) {
    HttpResponse<String> r = server.get("/items?" + enc(query));

    assertThat(r.statusCode()).as(query + " -> " + r.body()).isBetween(400, 499);
    assertThat(json(r).has("code")).isTrue();
    assertThat(ids("select=id&order=id")).containsExactly(1, 2, 3, 4);
  }

  @Test
  void injectionInValues_isBoundAsPlainText() {
    assertThat(ids("name=eq.1');drop table items;--&select=id")).isEmpty();
    assertThat(ids("name=like.*' or '1'='1&select=id")).isEmpty();
    assertThat(ids("select=id&order=id")).containsExactly(1, 2, 3, 4);
  }

  @Test
  void unknownTableColumnAndOperator_are4xxNever500() {
    assertThat(server.get("/nothing").statusCode()).isEqualTo(403); // not allowed, not revealed
    assertThat(server.get("/items?select=nope").statusCode()).isEqualTo(400);
    assertThat(server.get("/items?nope=eq.1").statusCode()).isEqualTo(400);
    assertThat(server.get("/items?id=zz.1").statusCode()).isEqualTo(400);
    assertThat(server.get("/items?id=in.(1").statusCode()).isEqualTo(400);
  }
}
