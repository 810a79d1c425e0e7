package dev.sqliterest.server.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sqliterest.rest.HttpResponseData;
import java.nio.file.Path;
import org.junit.jupiter.api.AutoClose;
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
  @AutoClose PolicyApiFixture api;

  @BeforeEach
  void createBooksAndSalaries() throws Exception {
    api =
        new PolicyApiFixture(
            tmp,
            POLICY,
            "CREATE TABLE books (id INTEGER PRIMARY KEY, title TEXT, price REAL, secret TEXT)",
            "INSERT INTO books (title, price, secret) VALUES ('Dune', 9.5, 'x')",
            "CREATE TABLE salaries (id INTEGER PRIMARY KEY, employee TEXT, amount INTEGER)",
            "INSERT INTO salaries (employee, amount) VALUES ('ann', 100)");
  }

  @Test
  void anon_readsBooksButCannotWrite() {
    assertThat(api.call("anon", "GET", "/books", "select=id,title", null).status()).isEqualTo(200);
    HttpResponseData insert = api.call("anon", "POST", "/books", "", "{\"title\":\"x\"}");
    assertThat(insert.status()).isEqualTo(403);
    assertThat(PolicyApiFixture.text(insert)).contains("Access Restricted");
    assertThat(api.call("anon", "GET", "/salaries", "select=id", null).status()).isEqualTo(403);
  }

  @Test
  void editor_writesGrantedColumnsOnly() {
    assertThat(
            api.call("editor", "POST", "/books", "", "{\"title\":\"Emma\",\"price\":3}").status())
        .isEqualTo(201);
    HttpResponseData sneaky =
        api.call("editor", "POST", "/books", "", "{\"title\":\"Emma\",\"secret\":\"y\"}");
    assertThat(sneaky.status()).isEqualTo(403);
    assertThat(PolicyApiFixture.text(sneaky)).contains("may not insert columns [secret]");
    assertThat(api.call("editor", "PATCH", "/books", "id=eq.1", "{\"price\":1}").status())
        .isBetween(200, 299);
    HttpResponseData retitle =
        api.call("editor", "PATCH", "/books", "id=eq.1", "{\"title\":\"x\"}");
    assertThat(retitle.status()).isEqualTo(403);
    assertThat(PolicyApiFixture.text(retitle)).contains("may not update columns [title]");
    assertThat(
            PolicyApiFixture.text(
                api.call("editor", "GET", "/books", "select=title,price&order=id", null)))
        .contains("Dune", "Emma", "1");
  }

  @Test
  void writeWithoutRead_filterColumnsNeedReadLikePostgres() {
    // updating every row reads nothing; filtering on id reads id, which this role may not
    assertThat(api.call("blindwriter", "PATCH", "/books", "", "{\"price\":2}").status())
        .isBetween(200, 299);
    HttpResponseData filtered =
        api.call("blindwriter", "PATCH", "/books", "id=eq.1", "{\"price\":3}");
    assertThat(filtered.status()).isEqualTo(403);
    assertThat(PolicyApiFixture.text(filtered)).contains("may not read");
  }

  @Test
  void upserts_needInsertAndUpdate() {
    String row = "{\"id\":1,\"title\":\"Dune II\"}";
    HttpResponseData upsert =
        api.call("inserter", "POST", "/books", "", row, "prefer", "resolution=merge-duplicates");
    assertThat(upsert.status()).isEqualTo(403);
    assertThat(PolicyApiFixture.text(upsert)).contains("may not update");
    assertThat(api.call("inserter", "PUT", "/books", "id=eq.1", row).status()).isEqualTo(403);
    assertThat(api.call("inserter", "POST", "/books", "", "{\"title\":\"New\"}").status())
        .isEqualTo(201);
    assertThat(
            PolicyApiFixture.text(
                api.call("editor", "GET", "/books", "select=title&id=eq.1", null)))
        .contains("Dune");
  }

  @Test
  void editor_deletes() {
    assertThat(api.call("editor", "DELETE", "/books", "id=eq.1", null).status())
        .isBetween(200, 299);
    assertThat(PolicyApiFixture.text(api.call("editor", "GET", "/books", "select=id", null)))
        .isEqualTo("[]");
  }

  @Test
  void auditor_columnListEnforcedOnSelectAndFilters() {
    HttpResponseData ok = api.call("auditor", "GET", "/salaries", "select=id,amount", null);
    assertThat(ok.status()).isEqualTo(200);
    assertThat(PolicyApiFixture.text(ok)).contains("100").doesNotContain("ann");
    assertThat(api.call("auditor", "GET", "/salaries", "", null).status()).isEqualTo(403);
    assertThat(api.call("auditor", "GET", "/salaries", "select=*", null).status()).isEqualTo(403);
    // filtering on a column is reading it: no guessing salaries by employee
    assertThat(
            api.call("auditor", "GET", "/salaries", "select=amount&employee=eq.ann", null).status())
        .isEqualTo(403);
  }

  @Test
  void unknownRole_deniedEverywhere() {
    assertThat(api.call("intruder", "GET", "/books", "select=id", null).status()).isEqualTo(403);
  }

  @Test
  void unknownTable_hintNamesOnlyTablesTheRoleMayRead() {
    HttpResponseData hidden = api.call("guesser", "GET", "/salarie", "", null);
    assertThat(hidden.status()).isEqualTo(404);
    assertThat(PolicyApiFixture.text(hidden)).doesNotContain("salaries");
    assertThat(PolicyApiFixture.text(api.call("guesser", "GET", "/book", "", null)))
        .contains("Perhaps you meant the table 'books'");
    // a column grant is enough to be named
    assertThat(PolicyApiFixture.text(api.call("columnreader", "GET", "/salarie", "", null)))
        .contains("Perhaps you meant the table 'salaries'");
  }
}
