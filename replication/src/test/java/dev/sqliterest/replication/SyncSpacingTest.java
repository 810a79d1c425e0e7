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
 * Under sustained writes the sync loop keeps its spacing, which bounds the files (and S3 PUTs) per
 * second: the configured minimum (100 ms by default) when an upload costs a request, at most {@link
 * Store#FREE_UPLOAD_SPACING} on a file replica. A checkpoint syncs once more before it runs, so
 * each one may add a file; files are not split here (a backlog over the split size would add more).
 */
final class SyncSpacingTest {

  private static final Duration WRITING = Duration.ofSeconds(2);

  @TempDir Path dir;

  /** Files and checkpoints seen while writing. */
  private record Seen(int files, int checkpoints) {}

  @Test
  void aReplicaChargingPerRequest_getsAtMostOneFilePerMinimumSpacing() throws Exception {
    Seen seen = whileWriting(new MemoryReplicaClient());
    assertThat(seen.files())
        .isPositive()
        .isLessThanOrEqualTo(maxFiles(Duration.ofMillis(100)) + seen.checkpoints());
  }

  @Test
  void aFileReplica_getsAtMostOneFilePerFreeUploadSpacing() throws Exception {
    Seen seen = whileWriting(new FileReplicaClient(dir.resolve("replica")));
    assertThat(seen.files())
        .isPositive()
        .isLessThanOrEqualTo(maxFiles(Store.FREE_UPLOAD_SPACING) + seen.checkpoints());
  }

  /** Sync starts in the window at the spacing, plus one begun before and one at its edge. */
  private static int maxFiles(Duration spacing) {
    return (int) (WRITING.toNanos() / spacing.toNanos()) + 2;
  }

  /** What the engine did while one writer commits without pause for {@link #WRITING}. */
  private Seen whileWriting(ReplicaClient replica) throws Exception {
    List<Long> synced = new CopyOnWriteArrayList<>();
    List<Long> checkpointed = new CopyOnWriteArrayList<>();
    try (Database db = TestDatabase.open(dir.resolve("app.db"))) {
      Store store =
          new Store(
              db,
              replica,
              ReplicationOptions.defaults().withMaxSyncWalBytes(0),
              e -> {
                if (e instanceof ReplicationEvent.Synced) {
                  synced.add(System.nanoTime());
                } else if (e instanceof ReplicationEvent.Checkpointed) {
                  checkpointed.add(System.nanoTime());
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
        return new Seen(
            (int) synced.stream().filter(t -> t >= start && t <= end).count(),
            (int) checkpointed.stream().filter(t -> t >= start && t <= end).count());
      } finally {
        store.close(Duration.ofSeconds(10));
        replica.close();
      }
    }
  }
}
