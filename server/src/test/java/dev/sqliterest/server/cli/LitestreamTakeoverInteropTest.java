package dev.sqliterest.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sqliterest.server.App;
import dev.sqliterest.server.Wiring;
import dev.sqliterest.server.testing.Http;
import dev.sqliterest.testing.OfficialTools;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Moving from a Litestream sidecar: the official {@code litestream replicate} runs with a {@code
 * litestream.yml}, stops, and {@code sqlite-rest serve --config} takes over with that same file,
 * the same database and the same replica. The official {@code litestream restore} then restores
 * every row, the sidecar's and sqlite-rest's.
 */
final class LitestreamTakeoverInteropTest {

  @TempDir Path dir;

  private static void exec(Path db, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      s.executeUpdate(sql);
    }
  }

  private static long count(Path db) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM t")) {
      return rs.getLong(1);
    }
  }

  @Test
  void serveTakesOverTheSidecarsConfigDatabaseAndReplica() throws Exception {
    Path litestream = OfficialTools.litestream();
    Path db = dir.resolve("app.db");
    Path replica = dir.resolve("replica");
    Path yml = dir.resolve("litestream.yml");
    Files.writeString(
        yml,
        """
        dbs:
          - path: %s
            replica:
              type: file
              path: %s
              sync-interval: 1s
        """
            .formatted(db, replica));
    exec(db, "PRAGMA journal_mode=WAL");
    exec(db, "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");

    // the sidecar era: Litestream replicates while the application writes
    Path log = dir.resolve("litestream.log");
    Process sidecar =
        OfficialTools.start(
            List.of(litestream.toString(), "replicate", "-config", yml.toString()), Map.of(), log);
    try {
      for (int i = 1; i <= 10; i++) {
        exec(db, "INSERT INTO t(v) VALUES ('sidecar " + i + "')");
      }
      // a restore of the replica sees the last row once Litestream has shipped it
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (true) {
        Path probe = dir.resolve("probe-" + System.nanoTime() + ".db");
        OfficialTools.Result r =
            OfficialTools.run(
                List.of(
                    litestream.toString(), "restore", "-o", probe.toString(), "file://" + replica),
                Map.of());
        if (r.exitCode() == 0 && count(probe) == 10) {
          break;
        }
        assertThat(System.nanoTime())
            .as("Litestream shipped 10 rows: " + r.output())
            .isLessThan(deadline);
        Thread.sleep(200);
      }
    } finally {
      OfficialTools.stop(sidecar, log);
    }

    // the take-over: the same file, database and replica; flags add what Litestream does not know
    CliRun run = new CliRun(Map.of(), dir, Wiring.defaults());
    CompletableFuture<Integer> exit =
        run.start(
            "serve",
            "--config",
            yml.toString(),
            "--auth-disabled",
            "--security-allow-table",
            "t",
            "--http-addr",
            "127.0.0.1:0",
            "--metrics-addr",
            "");
    App app = run.awaitStarted();
    Http http = new Http(app.httpPort());
    for (int i = 1; i <= 5; i++) {
      int status =
          http.send(
                  "POST",
                  "/t",
                  BodyPublishers.ofString("{\"v\":\"sqlite-rest " + i + "\"}"),
                  "Content-Type",
                  "application/json")
              .statusCode();
      assertThat(status).isEqualTo(201);
    }
    assertThat(run.stopAndWait(exit)).as(run.err.toString()).isZero();

    Path restored = dir.resolve("restored.db");
    OfficialTools.Result r =
        OfficialTools.run(
            List.of(
                litestream.toString(), "restore", "-o", restored.toString(), "file://" + replica),
            Map.of());
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(count(restored)).isEqualTo(15);
  }
}
