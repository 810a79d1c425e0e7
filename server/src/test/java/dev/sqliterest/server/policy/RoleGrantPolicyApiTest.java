package dev.sqliterest.server.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sqliterest.rest.AccessPolicy;
import dev.sqliterest.rest.HttpRequestData;
import dev.sqliterest.rest.HttpRequestData.Principal;
import dev.sqliterest.rest.HttpResponseData;
import dev.sqliterest.rest.RestApi;
import dev.sqliterest.rest.RestApiOptions;
import dev.sqliterest.sqlite.Database;
import dev.sqliterest.sqlite.DatabaseOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Role grants from a policy file, enforced by the real API engine over a real database. */
final class RoleGrantPolicyApiTest {

  private static final String POLICY =
      """
      roles:
        editor:
          books:
            read: true
            insert: [title, price]
            update: [price]
            delete: true
        anon:
          books: [read]
        blindwriter:
          books:
            update: [price]
        inserter:
          books: [insert]
        auditor:
          salaries:
            read: [id, amount]
        guesser:
          "*": [read]
          salaries: [insert]
        columnreader:
          "*": [read]
          salaries:
            read: [id]
      """;

  @TempDir Path tmp;
  private Database db;
  private RestApi api;

  @BeforeEach
  void open() throws Exception {
    db = Database.open(DatabaseOptions.defaults(tmp.resolve("t.db")).withCreate(true));
    db.write(
        c -> {
          try (Statement st = c.createStatement()) {
            st.executeUpdate(
                "CREATE TABLE books (id INTEGER PRIMARY KEY, title TEXT, price REAL, secret TEXT)");
            st.executeUpdate("INSERT INTO books (title, price, secret) VALUES ('Dune', 9.5, 'x')");
            st.executeUpdate(
                "CREATE TABLE salaries (id INTEGER PRIMARY KEY, employee TEXT, amount INTEGER)");
            st.executeUpdate("INSERT INTO salaries (employee, amount) VALUES ('ann', 100)");
          }
          return null;
        });
    Path file = tmp.resolve("policy.yaml");
    Files.writeString(file, POLICY);
    AccessPolicy policy = PolicyFile.load(file);
    api = new RestApi(db, RestApiOptions.defaults(policy));
  }

  @AfterEach
  void close() throws Exception {
    db.close();
  }

  private HttpResponseData call(
      String role, String method, String path, String query, String body) {
    return call(role, method, path, query, body, Map.of());
  }

  private HttpResponseData call(
      String role,
      String method,
      String path,
      String query,
      String body,
      Map<String, List<String>> extraHeaders) {
    Map<String, List<String>> headers = new HashMap<>(extraHeaders);
    if (body != null) {
      headers.put("content-type", List.of("application/json"));
    }
    return api.handle(
        new HttpRequestData(
            method,
            path,
            query,
            headers,
            body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8),
            new Principal(role, Map.of())));
  }

  private static String text(HttpResponseData r) {
    return new String(r.body().toBytes(), StandardCharsets.UTF_8);
  }

  @Test
  void anon_readsBooksButCannotWrite() {
    assertThat(call("anon", "GET", "/books", "select=id,title", null).status()).isEqualTo(200);
    HttpResponseData insert = call("anon", "POST", "/books", "", "{\"title\":\"x\"}");
    assertThat(insert.status()).isEqualTo(403);
    assertThat(text(insert)).contains("Access Restricted");
    assertThat(call("anon", "GET", "/salaries", "select=id", null).status()).isEqualTo(403);
  }

  @Test
  void editor_writesGrantedColumnsOnly() {
    assertThat(call("editor", "POST", "/books", "", "{\"title\":\"Emma\",\"price\":3}").status())
        .isEqualTo(201);
    HttpResponseData sneaky =
        call("editor", "POST", "/books", "", "{\"title\":\"Emma\",\"secret\":\"y\"}");
    assertThat(sneaky.status()).isEqualTo(403);
    assertThat(text(sneaky)).contains("may not insert columns [secret]");
    assertThat(call("editor", "PATCH", "/books", "id=eq.1", "{\"price\":1}").status())
        .isBetween(200, 299);
    HttpResponseData retitle = call("editor", "PATCH", "/books", "id=eq.1", "{\"title\":\"x\"}");
    assertThat(retitle.status()).isEqualTo(403);
    assertThat(text(retitle)).contains("may not update columns [title]");
    assertThat(text(call("editor", "GET", "/books", "select=title,price&order=id", null)))
        .contains("Dune", "Emma", "1");
  }

  @Test
  void writeWithoutRead_filterColumnsNeedReadLikePostgres() {
    // updating every row reads nothing; filtering on id reads id, which this role may not
    assertThat(call("blindwriter", "PATCH", "/books", "", "{\"price\":2}").status())
        .isBetween(200, 299);
    HttpResponseData filtered = call("blindwriter", "PATCH", "/books", "id=eq.1", "{\"price\":3}");
    assertThat(filtered.status()).isEqualTo(403);
    assertThat(text(filtered)).contains("may not read");
  }

  @Test
  void upserts_needInsertAndUpdate() {
    String row = "{\"id\":1,\"title\":\"Dune II\"}";
    Map<String, List<String>> merge = Map.of("prefer", List.of("resolution=merge-duplicates"));

    HttpResponseData upsert = call("inserter", "POST", "/books", "", row, merge);
    assertThat(upsert.status()).isEqualTo(403);
    assertThat(text(upsert)).contains("may not update");
    assertThat(call("inserter", "PUT", "/books", "id=eq.1", row).status()).isEqualTo(403);
    assertThat(call("inserter", "POST", "/books", "", "{\"title\":\"New\"}").status())
        .isEqualTo(201);
    assertThat(text(call("editor", "GET", "/books", "select=title&id=eq.1", null)))
        .contains("Dune");
  }

  @Test
  void editor_deletes() {
    assertThat(call("editor", "DELETE", "/books", "id=eq.1", null).status()).isBetween(200, 299);
    assertThat(text(call("editor", "GET", "/books", "select=id", null))).isEqualTo("[]");
  }

  @Test
  void auditor_columnListEnforcedOnSelectAndFilters() {
    HttpResponseData ok = call("auditor", "GET", "/salaries", "select=id,amount", null);
    assertThat(ok.status()).isEqualTo(200);
    assertThat(text(ok)).contains("100").doesNotContain("ann");
    assertThat(call("auditor", "GET", "/salaries", "", null).status()).isEqualTo(403);
    assertThat(call("auditor", "GET", "/salaries", "select=*", null).status()).isEqualTo(403);
    // filtering on a column is reading it: no guessing salaries by employee
    assertThat(call("auditor", "GET", "/salaries", "select=amount&employee=eq.ann", null).status())
        .isEqualTo(403);
  }

  @Test
  void unknownRole_deniedEverywhere() {
    assertThat(call("intruder", "GET", "/books", "select=id", null).status()).isEqualTo(403);
  }

  @Test
  void unknownTable_hintNamesOnlyTablesTheRoleMayRead() {
    HttpResponseData hidden = call("guesser", "GET", "/salarie", "", null);
    assertThat(hidden.status()).isEqualTo(404);
    assertThat(text(hidden)).doesNotContain("salaries");
    assertThat(text(call("guesser", "GET", "/book", "", null)))
        .contains("Perhaps you meant the table 'books'");
    // a column grant is enough to be named
    assertThat(text(call("columnreader", "GET", "/salarie", "", null)))
        .contains("Perhaps you meant the table 'salaries'");
  }
}
