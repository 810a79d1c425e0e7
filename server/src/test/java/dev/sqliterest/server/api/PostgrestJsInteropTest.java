package dev.sqliterest.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real client: {@code @supabase/postgrest-js} (from {@code .interop/node}) runs the scripts in
 * {@code src/test/node/} against the real server with an HS256 token and {@code
 * Accept-Profile}/{@code Content-Profile: public}, as supabase-js would. This test asserts what the
 * client got back: select, every filter builder, order, limit/range, counts (exact, planned, head),
 * single, errors; and the writes (insert, bulk insert, update, upsert merge/ignore, delete, with
 * and without representation, constraint errors), and {@code .csv()} on a select and an insert.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class PostgrestJsInteropTest {

  private static final String SECRET = "postgrest-js-interop-secret-0123456789abcdef";

  private LiveServer server;
  private ClientResults results;
  private ClientResults writes;

  @BeforeAll
  void runClient(@TempDir Path dir) throws Exception {
    NodeScripts.postgrestJs(); // skips or fails before starting a server when the client is missing
    Path secret = Files.writeString(dir.resolve("secret"), SECRET);
    String token =
        JWT.create()
            .withClaim("role", "authenticated")
            .sign(Algorithm.HMAC256(SECRET.getBytes(StandardCharsets.UTF_8)));
    // "nope" is allowed but does not exist (404); "secrets" exists but is not allowed (403)
    server =
        LiveServer.withHmac(dir, Set.of("books", "books_by_genre", "nope", "notes"), secret, token);
    server.sql(
        "CREATE TABLE books (id INTEGER PRIMARY KEY, title TEXT NOT NULL, genre TEXT, year INTEGER,"
            + " price REAL, in_stock INTEGER NOT NULL DEFAULT 1)",
        "INSERT INTO books VALUES (1, 'Pride and Prejudice', 'romance', 1813, 9.99, 1), (2, 'Emma',"
            + " 'romance', 1815, NULL, 0), (3, 'Moby-Dick', 'adventure', 1851, 12.0, 1), (4, 'A"
            + " Wizard of Earthsea', 'fantasy', 1968, 10.5, 1), (5, 'The Hobbit', 'fantasy', 1937,"
            + " 11.0, 1), (6, 'The Dispossessed', 'scifi', 1974, 12.5, 1)",
        "CREATE VIEW books_by_genre AS SELECT genre, count(*) AS n FROM books GROUP BY genre",
        "CREATE TABLE secrets (id INTEGER PRIMARY KEY)",
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
    results = ClientResults.run(dir, "postgrest-js-read.cjs", server, token);
    writes = ClientResults.run(dir, "postgrest-js-write.cjs", server, token);
  }

  @AfterAll
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private JsonNode result(String name) {
    return results.result(name);
  }

  private JsonNode data(String name) {
    return results.data(name);
  }

  private List<Integer> ids(String name) {
    List<Integer> ids = new ArrayList<>();
    data(name).forEach(row -> ids.add(row.get("id").intValue()));
    return ids;
  }

  @Test
  void select_withColumnsAndOrder() {
    JsonNode rows = data("selectOrdered");

    assertThat(rows).hasSize(6);
    assertThat(rows.get(0).toString()).isEqualTo("{\"id\":1,\"title\":\"Pride and Prejudice\"}");
    assertThat(ids("selectOrdered")).containsExactly(1, 2, 3, 4, 5, 6);
  }

  @Test
  void filters_everyBuilderMethod() {
    assertThat(ids("eq")).containsExactly(4, 5);
    assertThat(ids("gtLt")).containsExactly(4, 5);
    assertThat(ids("gteLte")).containsExactly(3, 4, 5);
    assertThat(ids("neq")).containsExactly(3, 4, 5, 6);
    assertThat(ids("in")).containsExactly(1, 3, 5);
    assertThat(ids("isNull")).containsExactly(2);
    assertThat(ids("not")).containsExactly(3, 4, 5, 6);
    assertThat(ids("or")).containsExactly(1, 4, 6);
    assertThat(ids("match")).containsExactly(1);
    assertThat(ids("filterIn")).containsExactly(2, 4);
    assertThat(data("like").toString()).isEqualTo("[{\"title\":\"A Wizard of Earthsea\"}]");
    assertThat(data("ilike").toString())
        .isEqualTo("[{\"title\":\"The Dispossessed\"},{\"title\":\"The Hobbit\"}]");
  }

  @Test
  void order_descendingNullsFirstAndSeveralKeys() {
    assertThat(ids("orderDescNullsFirst")).containsExactly(2, 6, 3);
    assertThat(ids("orderTwoKeys")).containsExactly(3, 4, 5, 2, 1, 6);
  }

  @Test
  void limitAndRange() {
    assertThat(ids("limit")).containsExactly(1, 2);
    assertThat(ids("range")).containsExactly(3, 4, 5);
  }

  @Test
  void counts_exactPlannedAndHead() {
    JsonNode exact = result("countExact");
    assertThat(ids("countExact")).containsExactly(1, 2);
    assertThat(exact.get("count").intValue()).isEqualTo(6);
    assertThat(exact.get("status").intValue()).isEqualTo(206);

    assertThat(data("countPlanned")).hasSize(1);

    JsonNode head = result("headCount");
    assertThat(head.get("error").isNull()).as(head.toString()).isTrue();
    assertThat(head.get("count").intValue()).isEqualTo(2);
    assertThat(head.get("data").isNull()).isTrue();
  }

  @Test
  void singleAndMaybeSingle() {
    assertThat(data("single").toString()).isEqualTo("{\"id\":3,\"title\":\"Moby-Dick\"}");
    assertThat(data("maybeSingleNone").isNull()).isTrue();
  }

  @Test
  void aliasesCastsAndViews() {
    assertThat(data("aliasCast").toString())
        .isEqualTo("[{\"name\":\"Pride and Prejudice\",\"year_text\":\"1813\"}]");
    assertThat(data("view").toString())
        .isEqualTo(
            "[{\"genre\":\"adventure\",\"n\":1},{\"genre\":\"fantasy\",\"n\":2},"
                + "{\"genre\":\"romance\",\"n\":2},{\"genre\":\"scifi\",\"n\":1}]");
  }

  @Test
  void errors_reachTheClientAsPostgrestErrors() {
    JsonNode unknown = result("unknownTable");
    assertThat(unknown.get("status").intValue()).isEqualTo(404);
    assertThat(unknown.get("error").get("code").asText()).isEqualTo("PGRST205");

    JsonNode forbidden = result("forbiddenTable");
    assertThat(forbidden.get("status").intValue()).isEqualTo(403);
    assertThat(forbidden.get("error").get("message").asText()).isEqualTo("Access Restricted");

    JsonNode column = result("unknownColumn");
    assertThat(column.get("status").intValue()).isEqualTo(400);
    assertThat(column.get("error").get("message").asText()).isNotBlank();
  }

  private JsonNode write(String name) {
    return writes.result(name);
  }

  @Test
  void writes_insertUpdateUpsertDeleteAsSupabaseClientsDo() {
    assertThat(write("insertMinimal").get("status").intValue()).isEqualTo(201);
    assertThat(write("insertMinimal").get("data").isNull()).isTrue();
    assertThat(write("insertBulkSelect").get("data").toString())
        .isEqualTo("[{\"id\":2,\"body\":\"b\"},{\"id\":3,\"body\":\"c\"}]");
    assertThat(write("insertCount").get("count").intValue()).isEqualTo(1);
    assertThat(write("insertSingle").get("data").toString()).isEqualTo("{\"id\":5,\"body\":\"e\"}");
    assertThat(write("update").get("data").toString()).isEqualTo("[{\"id\":2,\"body\":\"B\"}]");
    assertThat(write("upsertMerge").get("data").toString())
        .isEqualTo("[{\"id\":3,\"body\":\"C\"}]");
    assertThat(write("upsertIgnore").get("error").isNull())
        .as(write("upsertIgnore").toString())
        .isTrue();
    assertThat(write("delete").get("data").toString()).isEqualTo("[{\"id\":5}]");
    assertThat(write("final").get("data").toString())
        .isEqualTo(
            "[{\"id\":1,\"body\":\"a\"},{\"id\":2,\"body\":\"B\"},"
                + "{\"id\":3,\"body\":\"C\"},{\"id\":4,\"body\":\"d\"}]");
  }

  @Test
  void csv_selectAndInsertWithRepresentation_asText() {
    JsonNode select = write("finalCsv");
    assertThat(select.get("status").intValue()).isEqualTo(200);
    assertThat(select.get("data").asText()).isEqualTo("id,body\n1,a\n2,B\n3,C\n4,d");

    JsonNode insert = write("insertCsv");
    assertThat(insert.get("status").intValue()).as(insert.toString()).isEqualTo(201);
    assertThat(insert.get("data").asText()).isEqualTo("id,body\n6,\"x, \"\"y\"\"\"");
  }

  @Test
  void writes_constraintErrorsReachTheClient() {
    JsonNode duplicate = write("duplicateKey");
    assertThat(duplicate.get("status").intValue()).isEqualTo(409);
    assertThat(duplicate.get("error").get("code").asText()).isEqualTo("23505");

    JsonNode notNull = write("notNull");
    assertThat(notNull.get("status").intValue()).isEqualTo(400);
    assertThat(notNull.get("error").get("code").asText()).isEqualTo("23502");
  }
}
