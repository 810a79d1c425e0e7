package dev.sqliterest.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sqliterest.server.App;
import dev.sqliterest.server.Wiring;
import dev.sqliterest.server.testing.Http;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --replication-required-within}: a server whose replica stops accepting uploads while
 * changes wait stops by itself, gracefully, with exit code 1 and the reason on stderr.
 */
final class RequiredReplicationExitTest {

  @TempDir Path dir;

  @Test
  void replicaStopsAcceptingWhileChangesWait_serverStopsWithExitCode1AndSaysWhy() throws Exception {
    Path db = dir.resolve("app.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement()) {
      st.execute("PRAGMA journal_mode=WAL");
      st.execute("CREATE TABLE items(id INTEGER PRIMARY KEY)");
    }
    Path replica = dir.resolve("replica");
    CliRun run = new CliRun(Map.of(), dir, Wiring.defaults());
    CompletableFuture<Integer> exit =
        run.start(
            "serve",
            "--db-dsn",
            db.toString(),
            "--auth-disabled",
            "--metrics-addr",
            "",
            "--security-allow-table",
            "items",
            "--shutdown-timeout",
            "1s",
            "--replication-enabled",
            "--replication-replica-url",
            replica.toUri().toString(),
            "--replication-required-within",
            "1s");
    App app = run.awaitStarted();
    Http api = new Http(app.httpPort());
    assertThat(post(api, 1)).as("replicated normally first").isEqualTo(201);
    // the replica directory becomes a regular file: every upload fails from now on
    Files.move(replica, dir.resolve("replica-aside"));
    Files.writeString(replica, "not a directory");
    assertThat(post(api, 2)).as("the write itself succeeds").isEqualTo(201);

    assertThat(exit.get(60, TimeUnit.SECONDS)).isEqualTo(ExitCodes.FAILURE);
    assertThat(run.err.toString())
        .contains("replication is required within 1s (--replication-required-within)")
        .contains("no replica accepted an upload");
    assertThat(exit).as("exited on its own, no stop signal").isDone();
    assertThat(run.stop.getCount()).isEqualTo(1);
  }

  private static int post(Http api, int id) {
    return api.send(
            "POST",
            "/items",
            BodyPublishers.ofString("{\"id\":" + id + "}"),
            "Content-Type",
            "application/json")
        .statusCode();
  }
}
