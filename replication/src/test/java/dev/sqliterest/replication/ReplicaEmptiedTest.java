package dev.sqliterest.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sqliterest.replication.client.file.FileReplicaClient;
import dev.sqliterest.sqlite.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica emptied while the server runs (its directory replaced by an empty one, an S3 prefix
 * deleted) no longer holds the files the upload position relies on: the L0 files uploaded after it
 * cannot be restored without a base. The engine notices within the check interval, not at the next
 * scheduled snapshot (24 h by default), and writes a fresh snapshot.
 */
final class ReplicaEmptiedTest {

  @TempDir Path dir;

  @Test
  void replicaEmptiedWhileRunning_aSnapshotMakesItRestorableAgain() throws Exception {
    Path replicaDir = dir.resolve("replica");
    FileReplicaClient replica = new FileReplicaClient(replicaDir);
    ReplicationOptions options =
        StoreTest.fast().withL0Retention(Duration.ofMinutes(5), Duration.ofMillis(200));
    try (Database db = TestDatabase.open(dir.resolve("app.db"))) {
      Store store = new Store(db, replica, options, e -> {}, InstantSource.system());
      try {
        store.start(false);
        TestDatabase.insert(db, 1, 20);
        store.syncNow();
        StoreTest.awaitQuietly(() -> snapshots(replica) == 1 && caughtUp(store));

        Files.move(replicaDir, dir.resolve("replica-lost"));
        Files.createDirectory(replicaDir);
        TestDatabase.insert(db, 21, 40);
        store.syncNow();

        StoreTest.awaitQuietly(() -> snapshots(replica) == 1 && caughtUp(store));
        TestDatabase.insert(db, 41, 50);
        store.syncNow();
        StoreTest.awaitQuietly(() -> caughtUp(store));
      } finally {
        assertThat(store.close(Duration.ofSeconds(30))).as("replica caught up").isTrue();
      }
      Path restored = dir.resolve("restored.db");
      ReplicaImage.restore(replica, restored);
      assertThat(ReplicaImage.integrityCheck(restored)).isEqualTo("ok");
      assertThat(ReplicaImage.dump(restored)).isEqualTo(db.read(ReplicaImage::dump));
    }
  }

  private static int snapshots(FileReplicaClient replica) {
    try {
      return replica.ltxFiles(CompactionLevel.SNAPSHOT_LEVEL, 0, false).size();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean caughtUp(Store store) {
    ReplicationStatus s = store.status();
    return s.localTxid() > 0 && s.replicaTxid() == s.localTxid();
  }
}
