package dev.sqliterest.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sqliterest.sqlite.Database;
import dev.sqliterest.testing.OfficialTools;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replicator beside other processes. Code outside SQLite that closed a descriptor of the live
 * database dropped SQLite's POSIX locks; the {@code sqlite3} CLI then took itself for the last
 * connection and deleted the WAL under the server. These tests watch the locks directly and run the
 * real CLI while the engine syncs, snapshots and checkpoints.
 */
final class ForeignProcessTest {

  @TempDir Path dir;
  private Database db;
  private final MemoryReplicaClient replica = new MemoryReplicaClient();
  private final List<ReplicationEvent> events = new CopyOnWriteArrayList<>();
  private Store store;

  @BeforeEach
  void open() throws Exception {
    db = TestDatabase.open(dir.resolve("app.db"));
    store =
        new Store(
            db,
            replica,
            StoreTest.fast().withCheckpoints(5, Duration.ofMillis(200), 40),
            events::add,
            InstantSource.system());
    store.start(false);
  }

  @AfterEach
  void close() throws SQLException {
    if (store != null) {
      store.close(Duration.ofSeconds(5));
    }
    db.close();
  }

  @Test
  void everyEngineStep_keepsSqlitesLocksOnTheDatabaseFile() throws Exception {
    long baseline = ProcessLocks.heldOn(db.path());
    assertThat(baseline)
        .as("SQLite's locks on the database file while connections are open")
        .isPositive();
    insert(1, 50);
    awaitCaughtUp();
    assertThat(ProcessLocks.heldOn(db.path())).as("after syncs").isPositive();
    store.snapshotNow();
    assertThat(ProcessLocks.heldOn(db.path())).as("after a snapshot").isPositive();
    for (int i = 0; i < 10; i++) {
      insert(100 + i * 10, 109 + i * 10);
    }
    awaitCaughtUp();
    StoreTest.awaitQuietly(
        () -> events.stream().anyMatch(e -> e instanceof ReplicationEvent.Checkpointed));
    assertThat(ProcessLocks.heldOn(db.path())).as("after checkpoints").isPositive();
    assertThat(store.close(Duration.ofSeconds(5))).isTrue();
    store = null;
    assertThat(ProcessLocks.heldOn(db.path())).as("after the clean-shutdown marker").isPositive();
  }

  @Test
  void sqlite3CliReadsAndWrites_whileReplicating_walSurvivesAndForeignRowIsShipped()
      throws Exception {
    Path sqlite3 = OfficialTools.systemTool("sqlite3");
    for (int round = 0; round < 5; round++) {
      insert(round * 100 + 1, round * 100 + 20);
      awaitCaughtUp();
      store.snapshotNow();
      assertThat(cli(sqlite3, "select count(*) from t;").strip())
          .isEqualTo(String.valueOf((round + 1) * 20 + round));
      assertThat(Path.of(db.path() + "-wal")).as("the WAL after sqlite3 exits").exists();
      cli(
          sqlite3,
          "pragma busy_timeout=5000; insert into t(id, v) values ("
              + (10_000 + round)
              + ", randomblob(300));");
      assertThat(count()).as("the server sees the CLI's row").isEqualTo((round + 1) * 21);
    }
    awaitCaughtUp();
    insert(900, 905);
    awaitCaughtUp();
    assertThat(cli(sqlite3, "pragma integrity_check;").strip()).isEqualTo("ok");
    assertThat(cli(sqlite3, "select count(*) from t;").strip()).isEqualTo(String.valueOf(count()));
    Path restored = dir.resolve("restored.db");
    ReplicaImage.restore(replica, restored);
    assertThat(ReplicaImage.integrityCheck(restored)).isEqualTo("ok");
    assertThat(ReplicaImage.dump(restored)).isEqualTo(db.read(ReplicaImage::dump));
  }

  private String cli(Path sqlite3, String sql) throws Exception {
    OfficialTools.Result r =
        OfficialTools.run(List.of(sqlite3.toString(), db.path().toString(), sql), Map.of());
    assertThat(r.exitCode()).as("sqlite3 %s: %s", sql, r.output()).isZero();
    return r.output();
  }

  private long count() throws SQLException {
    return db.read(
        c -> {
          try (Statement st = c.createStatement();
              ResultSet rs = st.executeQuery("SELECT count(*) FROM t")) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  private void awaitCaughtUp() throws InterruptedException {
    StoreTest.awaitQuietly(
        () -> {
          ReplicationStatus s = store.status();
          return s.lag().isZero() && s.replicaTxid() == s.localTxid();
        });
  }

  private void insert(int from, int to) throws SQLException {
    TestDatabase.insert(db, from, to);
  }
}
