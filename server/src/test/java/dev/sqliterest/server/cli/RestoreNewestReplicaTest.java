package dev.sqliterest.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sqliterest.server.App;
import dev.sqliterest.server.Wiring;
import dev.sqliterest.server.config.ServeConfig;
import dev.sqliterest.server.testing.Http;
import dev.sqliterest.server.testing.Replicated;
import dev.sqliterest.sqlite.DatabaseOptions;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sqlite-rest restore DB --replica-url A --replica-url B}: restores the replica whose state
 * is newest, whatever the order, and says which.
 */
final class RestoreNewestReplicaTest {

  @TempDir Path dir;

  private void write(Path db, Path replica, int from, int to) throws Exception {
    ServeConfig config =
        ServeConfig.loopback(DatabaseOptions.defaults(db), Set.of("items"))
            .withReplication(Optional.of(Replicated.fast(replica.toUri().toString())));
    try (App app = App.start(config, Wiring.defaults())) {
      Http api = new Http(app.httpPort());
      for (int id = from; id <= to; id++) {
        var r =
            api.send(
                "POST",
                "/items",
                BodyPublishers.ofString("{\"id\":" + id + ",\"name\":\"n" + id + "\"}"),
                "Content-Type",
                "application/json");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
      }
    }
  }

  @Test
  void severalReplicaUrls_theNewestIsRestored() throws Exception {
    Path db = dir.resolve("app.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement()) {
      st.execute("PRAGMA journal_mode=WAL");
      st.execute("CREATE TABLE items(id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
    }
    Path newer = dir.resolve("newer");
    Path older = dir.resolve("older");
    write(db, newer, 1, 5);
    try (Stream<Path> files = Files.walk(newer)) {
      for (Path f : files.toList()) {
        Files.copy(f, older.resolve(newer.relativize(f).toString()));
      }
    }
    write(db, newer, 6, 8);

    Path out = dir.resolve("out.db");
    CliRun run = new CliRun(Map.of(), dir, Wiring.defaults());
    int code =
        run.run(
            "restore",
            "-o",
            out.toString(),
            "--replica-url",
            older.toUri().toString(),
            "--replica-url",
            newer.toUri().toString(),
            db.toString());
    assertThat(code).as(run.err.toString()).isEqualTo(ExitCodes.OK);
    assertThat(run.err.toString()).contains("the newest of 2 replicas").contains("newer");
    assertThat(Replicated.itemRows(out)).hasSize(8).last().isEqualTo("8|n8");
  }
}
