package dev.sqliterest.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sqliterest.ltx.LtxHeader;
import dev.sqliterest.sqlite.Database;
import java.io.OutputStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A snapshot reads the whole database, which takes seconds for a large one. Syncs must go on
 * meanwhile, or every write acknowledged during the snapshot waits for it before it can reach the
 * replica (the crash suite lost writes 4 s old at a kill during the snapshot of a 260 MB database).
 * Checkpoints wait instead, since they could rewrite what the snapshot reads.
 */
final class SnapshotWhileSyncingTest {

  @TempDir Path dir;
  // one thread each (the common pool may have a single one on a small machine)
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private Database db;
  private ReplicatedDatabase replicated;

  @BeforeEach
  void open() throws Exception {
    db = TestDatabase.open(dir.resolve("app.db"));
    TestDatabase.insert(db, 1, 100);
    replicated =
        TestDatabase.replicate(db, StoreTest.fast().withCheckpoints(1, Duration.ZERO, 1_000_000));
  }

  @AfterEach
  void close() throws SQLException {
    threads.shutdownNow();
    replicated.close();
    db.close();
  }

  @Test
  void snapshotReading_syncsGoOn_checkpointsWait() throws Exception {
    long before = replicated.localTxid();
    CountDownLatch reading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    OutputStream stalled =
        new OutputStream() {
          @Override
          public void write(int b) throws java.io.IOException {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] b, int off, int len) throws java.io.IOException {
            reading.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              throw new java.io.InterruptedIOException();
            }
          }
        };
    CompletableFuture<LtxHeader> snapshot =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return replicated.writeSnapshot(stalled);
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            },
            threads);
    assertThat(reading.await(30, TimeUnit.SECONDS)).as("snapshot started").isTrue();

    TestDatabase.insert(db, 101, 110);
    CompletableFuture<Integer> sync =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return replicated.sync();
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            },
            threads);
    assertThat(sync.get(30, TimeUnit.SECONDS)).as("files synced during the snapshot").isEqualTo(1);
    assertThat(replicated.localTxid()).isEqualTo(before + 1);
    assertThat(replicated.checkpointIfNeeded()).as("checkpoint while the snapshot reads").isEmpty();

    release.countDown();
    assertThat(snapshot.get(30, TimeUnit.SECONDS).maxTxid())
        .as("the snapshot is of the state when it started")
        .isEqualTo(before);
    assertThat(replicated.checkpointIfNeeded()).as("checkpoint once it is done").isPresent();
  }
}
