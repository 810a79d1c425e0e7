package dev.sqliterest.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sqliterest.sqlite.Database;
import dev.sqliterest.sqlite.DatabaseOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SQLite-level failures that are not the client's data: busy (503) and read-only (405). */
final class WriteContentionTest {

  @TempDir Path dir;

  private static HttpRequestData post(String body) {
    return new HttpRequestData(
        "POST",
        "/t",
        "",
        Map.of("content-type", List.of("application/json")),
        body.getBytes(StandardCharsets.UTF_8),
        HttpRequestData.Principal.ANONYMOUS);
  }

  private Path create() throws Exception {
    Path file = dir.resolve("c.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      st.execute("PRAGMA journal_mode=WAL");
      st.execute("CREATE TABLE t(id INTEGER PRIMARY KEY)");
    }
    return file;
  }

  @Test
  void write_whileAnotherProcessHoldsTheLock_is503WithRetryAfter() throws Exception {
    Path file = create();
    DatabaseOptions options =
        DatabaseOptions.defaults(file).withBusyTimeout(Duration.ofMillis(100));
    try (Database db = Database.open(options);
        Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = other.createStatement()) {
      RestApi api = new RestApi(db, RestApiOptions.defaults(AllowListPolicy.allowAll()));
      st.execute("BEGIN IMMEDIATE");
      HttpResponseData r = api.handle(post("{\"id\":1}"));
      assertThat(r.status()).isEqualTo(503);
      assertThat(r.headers().get("Retry-After")).containsExactly("1");
      assertThat(new String(r.body().toBytes(), StandardCharsets.UTF_8)).contains("PGRST003");
      st.execute("ROLLBACK");
      assertThat(api.handle(post("{\"id\":1}")).status()).isEqualTo(201);
    }
  }

  @Test
  void write_onReadOnlyDatabase_is405() throws Exception {
    Path file = create();
    try (Database db = Database.open(DatabaseOptions.defaults(file).withReadOnly(true))) {
      RestApi api = new RestApi(db, RestApiOptions.defaults(AllowListPolicy.allowAll()));
      HttpResponseData r = api.handle(post("{\"id\":1}"));
      assertThat(r.status())
          .as(new String(r.body().toBytes(), StandardCharsets.UTF_8))
          .isEqualTo(405);
      assertThat(new String(r.body().toBytes(), StandardCharsets.UTF_8)).contains("25006");
    }
  }
}
