package dev.sqliterest.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sqliterest.server.reliability.LogTable.Row;
import dev.sqliterest.server.reliability.LogTable.Rows;
import dev.sqliterest.server.testing.ServerProcess;
import dev.sqliterest.testing.OfficialTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server as a process of its own, under concurrent HTTP writes and reads, while other processes
 * open its database: the {@code sqlite3} CLI reading and writing a row, a second JVM with
 * sqlite-jdbc reading and writing a row, and (replicating) the official Litestream VFS reading the
 * replica. Afterwards nothing may be lost or broken: no 5xx, every acknowledged write visible to
 * the server and to {@code sqlite3}, the foreign rows there and replicated, {@code integrity_check}
 * ok, and the official {@code litestream restore} of the replica dumps exactly as the primary. The
 * same run without replication is the control.
 */
final class ExternalProcessIT {

  private static final int ROUNDS = 3;
  private static final int CLI_CLIENT = -1;
  private static final int JDBC_CLIENT = -2;

  @TempDir(cleanup = CleanupMode.ON_SUCCESS) // a failure leaves the logs and files to inspect
  Path dir;

  @Test
  void replicating_otherProcessesOpenTheDatabase_nothingLostAndReplicaEqualsPrimary()
      throws Exception {
    run(true);
  }

  @Test
  void notReplicating_otherProcessesOpenTheDatabase_nothingLost() throws Exception {
    run(false);
  }

  private void run(boolean replicated) throws Exception {
    Path db = dir.resolve("app.db");
    Path replica = dir.resolve("replica");
    LogTable.create(db);
    List<String> flags =
        replicated
            ? LogTable.serveFlags(
                db,
                "--replication-enabled",
                "--replication-replica-url",
                Replication.fileUrl(replica),
                "--replication-snapshot-interval",
                "2s")
            : LogTable.serveFlags(db);
    Rows served;
    try (ServerProcess server =
        ServerProcess.serve(dir.resolve("serve.log"), Map.of(), flags).awaitListening()) {
      WriteLoad load = WriteLoad.start(server.api(), 1, 4, 1500);
      try {
        load.awaitAckedRows(200, Duration.ofSeconds(60));
        for (int round = 1; round <= ROUNDS; round++) {
          int acked = load.ackedRows();
          long cliCount = Long.parseLong(LogTable.sqlite3(db, "SELECT count(*) FROM log;").strip());
          assertThat(cliCount)
              .as("sqlite3 sees the acknowledged rows")
              .isGreaterThanOrEqualTo(acked);
          LogTable.sqlite3(
              db,
              "INSERT INTO log(client, seq, pad) VALUES ("
                  + CLI_CLIENT
                  + ", "
                  + round
                  + ", 'cli');");
          OfficialTools.Result jdbc =
              OfficialTools.run(JdbcClient.command(db, JDBC_CLIENT, round), Map.of());
          assertThat(jdbc.exitCode()).as("second JVM: %s", jdbc.output()).isZero();
          assertThat(Long.parseLong(jdbc.output().strip().lines().toList().getLast()))
              .as("the second JVM sees the acknowledged rows")
              .isGreaterThanOrEqualTo(acked);
          if (replicated) {
            assertThat(vfsCount(replica)).as("Litestream VFS reads the replica").isPositive();
          }
          load.awaitAckedRows(load.ackedRows() + 100, Duration.ofSeconds(60));
        }
      } finally {
        load.stop();
      }
      if (replicated) {
        Replication.awaitCaughtUp(server.admin(), Duration.ofSeconds(60));
      }

      assertThat(load.serverErrors()).as("5xx answers").isEmpty();
      assertThat(load.connectionFailures()).as(load.summary()).isZero();
      Rows viaCli = LogTable.readWithCli(db);
      assertThat(LogTable.missing(viaCli, load.acks()))
          .as("acknowledged, not in sqlite3")
          .isEmpty();
      assertThat(LogTable.defects(viaCli, load)).isEmpty();
      for (int round = 1; round <= ROUNDS; round++) {
        assertThat(viaCli.list())
            .as("the foreign rows")
            .anyMatch(isRow(CLI_CLIENT, round))
            .anyMatch(isRow(JDBC_CLIENT, round));
      }
      assertThat(readOverHttp(server)).as("the server's view").isEqualTo(viaCli);
      assertThat(LogTable.sqlite3(db, "PRAGMA integrity_check;").strip()).isEqualTo("ok");
      if (replicated) {
        assertThat(restoreWithLitestream(replica, "restored-live.db"))
            .as("official restore of the replica, server running")
            .isEqualTo(LogTable.sqlite3(db, ".dump"));
        assertThat(vfsCount(replica)).as("VFS after catch-up").isEqualTo(viaCli.list().size());
      }
      served = viaCli;

      server.terminate();
      assertThat(server.awaitExit(Duration.ofSeconds(60))).as(server.log()).isZero();
    }
    assertThat(LogTable.sqlite3(db, "PRAGMA integrity_check;").strip()).isEqualTo("ok");
    assertThat(LogTable.read(db)).as("after the graceful stop").isEqualTo(served);
    if (replicated) {
      assertThat(restoreWithLitestream(replica, "restored-stopped.db"))
          .as("official restore of the replica after the stop")
          .isEqualTo(LogTable.sqlite3(db, ".dump"));
    }
  }

  private static java.util.function.Predicate<Row> isRow(int client, int seq) {
    return r -> r.client() == client && r.seq() == seq;
  }

  private static Rows readOverHttp(ServerProcess server) throws Exception {
    var r = server.api().get("/log?select=id,client,seq&order=id");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    List<Row> rows = new ArrayList<>();
    for (JsonNode n : new ObjectMapper().readTree(r.body())) {
      rows.add(new Row(n.get("id").asLong(), n.get("client").asInt(), n.get("seq").asInt()));
    }
    return new Rows(rows);
  }

  /** {@code SELECT count(*)} through the official Litestream VFS, straight from the replica. */
  private long vfsCount(Path replica) throws Exception {
    String script =
        ".load "
            + OfficialTools.vfsExtension()
            + "\n.open --readonly \"file:app.db?vfs=litestream\"\nSELECT count(*) FROM log;\n";
    OfficialTools.Result r =
        OfficialTools.run(
            List.of(OfficialTools.systemTool("sqlite3").toString()),
            Map.of("LITESTREAM_REPLICA_URL", Replication.fileUrl(replica)),
            script.getBytes(StandardCharsets.UTF_8),
            dir);
    assertThat(r.exitCode()).as("sqlite3 with the VFS: %s", r.output()).isZero();
    return Long.parseLong(r.output().strip());
  }

  /** The {@code .dump} of the official {@code litestream restore} of the replica. */
  private String restoreWithLitestream(Path replica, String name) throws Exception {
    Path out = dir.resolve(name);
    OfficialTools.Result r =
        OfficialTools.run(
            List.of(
                OfficialTools.litestream().toString(),
                "restore",
                "-o",
                out.toString(),
                Replication.fileUrl(replica)),
            Map.of());
    assertThat(r.exitCode()).as("litestream restore: %s", r.output()).isZero();
    assertThat(LogTable.sqlite3(out, "PRAGMA integrity_check;").strip()).isEqualTo("ok");
    return LogTable.sqlite3(out, ".dump");
  }
}
