package dev.sqliterest.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sqliterest.replication.client.ReplicaClient;
import dev.sqliterest.replication.client.file.FileReplicaClient;
import dev.sqliterest.sqlite.Database;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Under sustained writes syncs keep their spacing, which bounds the files (and S3 PUTs) per second:
 * the configured minimum (100 ms by default) when an upload costs a request, at most {@link
 * Store#FREE_UPLOAD_SPACING} on a file replica.
 */
final class SyncSpacingTest {

  private static final Duration WRITING = Duration.ofSeconds(2);

  @TempDir Path dir;

  @Test
  void aReplicaChargingPerRequest_getsAtMostOneFilePerMinimumSpacing() throws Exception {
    int files = filesWhileWriting(new MemoryReplicaClient());
    assertThat(files).isPositive().isLessThanOrEqualTo(maxFiles(Duration.ofMillis(100)));
  }

  @Test
  void aFileReplica_getsAtMostOneFilePerFreeUploadSpacing() throws Exception {
    int files = filesWhileWriting(new FileReplicaClient(dir.resolve("replica")));
    assertThat(files).isPositive().isLessThanOrEqualTo(maxFiles(Store.FREE_UPLOAD_SPACING));
  }

  /** Sync starts in the window at the spacing, plus one begun before and one at its edge. */
  private static int maxFiles(Duration spacing) {
    return (int) (WRITING.toNanos() / spacing.toNanos()) + 2;
  }

  /** L0 files written while one writer commits without pause for {@link #WRITING}. */
  private int filesWhileWriting(ReplicaClient replica) throws Exception {
    List<Long> synced = new CopyOnWriteArrayList<>();
    try (Database db = TestDatabase.open(dir.resolve("app.db"))) {
      Store store =
          new Store(
              db,
              replica,
              ReplicationOptions.defaults(),
              e -> {
                if (e instanceof ReplicationEvent.Synced) {
                  synced.add(System.nanoTime());
                }
              },
              InstantSource.system());
      store.start(false);
      try {
        long start = System.nanoTime();
        long end = start + WRITING.toNanos();
        for (int id = 1; System.nanoTime() < end; id++) {
          TestDatabase.insert(db, id, id);
        }
        return (int) synced.stream().filter(t -> t >= start && t <= end).count();
      } finally {
        store.close(Duration.ofSeconds(10));
        replica.close();
      }
    }
  }
}
