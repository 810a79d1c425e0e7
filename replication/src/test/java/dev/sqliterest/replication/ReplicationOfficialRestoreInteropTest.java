package dev.sqliterest.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sqliterest.replication.client.ReplicaClient;
import dev.sqliterest.replication.client.ReplicaUrl;
import dev.sqliterest.replication.client.file.FileReplicaClient;
import dev.sqliterest.replication.client.s3.S3Options;
import dev.sqliterest.replication.client.s3.S3ReplicaClient;
import dev.sqliterest.sqlite.Database;
import dev.sqliterest.sqlite.DatabaseOptions;
import dev.sqliterest.testing.InProcessS3;
import dev.sqliterest.testing.OfficialTools;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official {@code litestream restore} v0.5.17 restores replicas written by this engine (file
 * layout and S3 layout through s3proxy, path style) to a database whose {@code .dump} equals the
 * primary's. The replicas carry L0 files, a level-9 snapshot, L1 compactions and the effects of the
 * engine's own PASSIVE and TRUNCATE checkpoints.
 */
final class ReplicationOfficialRestoreInteropTest {

  @TempDir Path dir;
  private Database db;

  @BeforeEach
  void open() throws SQLException {
    db =
        Database.open(
            DatabaseOptions.defaults(dir.resolve("primary.db"))
                .withCreate(true)
                .withAutocheckpoint(false));
    exec("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, v BLOB)");
    exec("CREATE INDEX t_name ON t(name)");
  }

  @AfterEach
  void close() throws SQLException {
    db.close();
  }

  @Test
  void officialRestore_fileReplica_equalsPrimary() throws Exception {
    Path litestream = OfficialTools.litestream();
    Path root = dir.resolve("replica");
    try (ReplicaClient client = new FileReplicaClient(root)) {
      replicate(client);
    }
    assertOfficialRestoreEqualsPrimary(litestream, "file://" + root, Map.of());
  }

  @Test
  void officialRestore_s3Replica_equalsPrimary() throws Exception {
    Path litestream = OfficialTools.litestream();
    try (InProcessS3 s3 = InProcessS3.start("bkt");
        ReplicaClient client =
            new S3ReplicaClient(
                S3Options.fromUrl(ReplicaUrl.parse(s3.url("bkt", "app")), s3.env()))) {
      replicate(client);
      String url =
          "s3://bkt/app?endpoint=http://127.0.0.1:"
              + s3.port()
              + "&region=us-east-1&forcePathStyle=true";
      assertOfficialRestoreEqualsPrimary(litestream, url, s3.env());
    }
  }

  private void replicate(ReplicaClient client) throws Exception {
    ReplicationOptions options =
        StoreTest.fast()
            .withCheckpoints(20, Duration.ofMinutes(1), 60)
            .withLevels(List.of(new CompactionLevel(1, Duration.ofSeconds(1))));
    List<ReplicationEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    Store store = new Store(db, client, options, events::add, InstantSource.system());
    store.start(false);
    try {
      for (int round = 0; round < 12; round++) {
        int base = round * 40;
        db.write(
            c -> {
              try (var insert =
                  c.prepareStatement("INSERT INTO t(id, name, v) VALUES (?, ?, randomblob(?))")) {
                for (int i = 0; i < 40; i++) {
                  insert.setInt(1, base + i);
                  insert.setString(2, "n" + (base + i));
                  insert.setInt(3, 500 + i * 50);
                  insert.executeUpdate();
                }
              }
              return null;
            });
        if (round == 6) {
          exec("DELETE FROM t WHERE id % 3 = 0");
          store.snapshotNow();
        }
        Thread.sleep(150);
      }
      db.withWriter(
          c -> {
            try (var st = c.createStatement()) {
              st.execute("VACUUM");
            }
            return null;
          });
      exec("UPDATE t SET name = 'last' WHERE id = 1");
      Thread.sleep(1200); // one more L1 compaction tick
    } finally {
      assertThat(store.close(Duration.ofSeconds(20))).as("every commit shipped").isTrue();
    }
    // the replica holds every kind of file the official reader must combine
    assertThat(client.ltxFiles(0, 0, false)).hasSizeGreaterThan(5);
    assertThat(client.ltxFiles(1, 0, false)).isNotEmpty();
    assertThat(client.ltxFiles(9, 0, false)).hasSizeGreaterThanOrEqualTo(2);
    assertThat(events).filteredOn(e -> e instanceof ReplicationEvent.Checkpointed).isNotEmpty();
  }

  private void exec(String sql) throws SQLException {
    db.write(
        c -> {
          try (var st = c.createStatement()) {
            return st.executeUpdate(sql);
          }
        });
  }

  private void assertOfficialRestoreEqualsPrimary(
      Path litestream, String url, Map<String, String> env) throws Exception {
    Path out = dir.resolve("restored.db");
    OfficialTools.Result r =
        OfficialTools.run(
            List.of(
                litestream.toString(),
                "restore",
                "-integrity-check",
                "full",
                "-o",
                out.toString(),
                url),
            env,
            null,
            dir);
    assertThat(r.exitCode()).as("litestream restore output:\n" + r.output()).isZero();
    assertThat(ReplicaImage.dump(out)).isEqualTo(db.read(ReplicaImage::dump));
    Path sqlite3 = OfficialTools.systemTool("sqlite3");
    String restoredDump =
        OfficialTools.run(List.of(sqlite3.toString(), out.toString(), ".dump"), Map.of(), null, dir)
            .output();
    String primaryDump =
        OfficialTools.run(
                List.of(sqlite3.toString(), db.path().toString(), ".dump"), Map.of(), null, dir)
            .output();
    assertThat(restoredDump).contains("CREATE TABLE t").isEqualTo(primaryDump);
  }
}
