package dev.sqliterest.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sqliterest.replication.client.LtxFileInfo;
import dev.sqliterest.replication.client.ReplicaClient;
import dev.sqliterest.replication.client.ReplicaUrl;
import dev.sqliterest.replication.client.file.FileReplicaClient;
import dev.sqliterest.replication.client.s3.S3Options;
import dev.sqliterest.replication.client.s3.S3ReplicaClient;
import dev.sqliterest.sqlite.Database;
import dev.sqliterest.testing.InProcessS3;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine against the real backends: a file:// directory and S3 (in-process s3proxy). */
final class ReplicaBackendsTest {

  @TempDir Path dir;
  private Database db;
  private final List<ReplicationEvent> events = new CopyOnWriteArrayList<>();
  private Store store;
  private ReplicaClient client;

  @BeforeEach
  void open() throws SQLException {
    db = TestDatabase.open(dir.resolve("app.db"));
  }

  @AfterEach
  void close() throws Exception {
    if (store != null) {
      store.close(Duration.ofSeconds(5));
    }
    db.close();
    if (client != null) {
      client.close();
    }
  }

  @Test
  void fileReplica_filesAdvanceInLitestreamLayoutAndRestoreEqualsPrimary() throws Exception {
    Path root = dir.resolve("replica");
    client = new FileReplicaClient(root);
    store =
        new Store(
            db,
            client,
            StoreTest.fast().withCheckpoints(30, Duration.ofMinutes(1), 100_000),
            events::add,
            InstantSource.system());
    store.start(false);
    for (int i = 0; i < 20; i++) {
      insert(i * 5, 5);
      awaitCaughtUp(); // one L0 file per batch
    }
    try (var l0 = Files.list(root.resolve("ltx").resolve("0"))) {
      assertThat(l0.map(p -> p.getFileName().toString()))
          .hasSizeGreaterThanOrEqualTo(20)
          .contains(
              "0000000000000001-0000000000000001.ltx", "0000000000000014-0000000000000014.ltx");
    }
    try (var l9 = Files.list(root.resolve("ltx").resolve("9"))) {
      assertThat(l9.map(p -> p.getFileName().toString()))
          .singleElement()
          .satisfies(name -> assertThat(name).startsWith("0000000000000001-"));
    }
    assertThat(events).filteredOn(e -> e instanceof ReplicationEvent.Checkpointed).isNotEmpty();
    assertRestoreEqualsPrimary();
    assertThat(store.close(Duration.ofSeconds(5))).isTrue();
    store = null;
  }

  @Test
  void s3Replica_outageMidLoad_errorsCountedAndNoGapAfterRecovery() throws Exception {
    try (InProcessS3 s3 = InProcessS3.start("bkt")) {
      client =
          new S3ReplicaClient(S3Options.fromUrl(ReplicaUrl.parse(s3.url("bkt", "app")), s3.env()));
      store = new Store(db, client, StoreTest.fast(), events::add, InstantSource.system());
      store.start(false);
      AtomicBoolean loading = new AtomicBoolean(true);
      AtomicInteger written = new AtomicInteger();
      Thread load =
          Thread.ofPlatform()
              .start(
                  () -> {
                    while (loading.get()) {
                      try {
                        insert(10_000 + written.getAndIncrement() * 2, 2);
                        Thread.sleep(5);
                      } catch (Exception e) {
                        throw new IllegalStateException(e);
                      }
                    }
                  });
      Thread.sleep(400);
      s3.stop();
      StoreTest.awaitQuietly(() -> !store.status().healthy());
      Thread.sleep(600);
      assertThat(store.status().lag()).isPositive();
      s3.restart();
      Thread.sleep(400);
      loading.set(false);
      load.join();
      awaitCaughtUp();
      assertThat(events).filteredOn(TestDatabase::uploadFailed).isNotEmpty();
      assertThat(store.status().healthy()).isTrue();
      assertNoTxidGap(store.status().localTxid());
      assertThat(written.get()).isGreaterThan(10);
      assertRestoreEqualsPrimary();
      assertThat(store.close(Duration.ofSeconds(5))).isTrue();
      store = null;
    }
  }

  @Test
  void s3Replica_shutdownFlushShipsTheLastCommit() throws Exception {
    try (InProcessS3 s3 = InProcessS3.start("bkt")) {
      client =
          new S3ReplicaClient(
              S3Options.fromUrl(ReplicaUrl.parse(s3.url("bkt", "flush")), s3.env()));
      store =
          new Store(
              db,
              client,
              StoreTest.fast().withSyncInterval(Duration.ofSeconds(30)),
              events::add,
              InstantSource.system());
      store.start(false);
      db.withWriter(
          c ->
              c.createStatement()
                  .executeUpdate("INSERT INTO t(id, v) VALUES (1, randomblob(9000))"));
      assertThat(store.close(Duration.ofSeconds(10))).isTrue();
      store = null;
      assertRestoreEqualsPrimary();
    }
  }

  @Test
  void fileReplica_underAPlainFile_startFailsNamingUrlAndCause() throws Exception {
    Path plain = Files.writeString(dir.resolve("plain-file"), "x");
    client = new FileReplicaClient(plain.resolve("replica"));
    assertThat(startFailure()).contains(client.url(), "not a directory");
  }

  @Test
  void fileReplica_unwritableSystemDirectory_startFailsNamingUrlAndCause() throws Exception {
    client = new FileReplicaClient(Path.of("/proc/nope"));
    // as root /proc answers "no such file", otherwise "permission denied"
    assertThat(startFailure())
        .contains("file:///proc/nope", "cannot create directory")
        .containsAnyOf("no such file or directory", "permission denied", "Read-only file system");
  }

  @Test
  void s3Replica_bucketMissing_startFailsNamingUrlAndCause() throws Exception {
    try (InProcessS3 s3 = InProcessS3.start("bkt")) {
      client =
          new S3ReplicaClient(
              S3Options.fromUrl(ReplicaUrl.parse(s3.url("nobucket", "app")), s3.env()));
      assertThat(startFailure()).contains(client.url(), "bucket nobucket does not exist");
    }
  }

  @Test
  void s3Replica_connectionRefused_startFailsNamingUrlAndCause() throws Exception {
    try (InProcessS3 s3 = InProcessS3.start("bkt")) {
      s3.stop();
      client =
          new S3ReplicaClient(S3Options.fromUrl(ReplicaUrl.parse(s3.url("bkt", "app")), s3.env()));
      assertThat(startFailure()).contains(client.url(), "connection refused");
      s3.restart(); // close() stops it again
    }
  }

  @Test
  void s3Replica_wrongSecret_startFailsNamingUrlAndCause() throws Exception {
    try (InProcessS3 s3 = InProcessS3.start("bkt")) {
      var env = new java.util.HashMap<>(s3.env());
      env.put("AWS_SECRET_ACCESS_KEY", "not-the-secret");
      client = new S3ReplicaClient(S3Options.fromUrl(ReplicaUrl.parse(s3.url("bkt", "app")), env));
      assertThat(startFailure()).contains(client.url(), "access denied");
    }
  }

  /** Starts without degraded mode; returns the failure's message after checking its type. */
  private String startFailure() {
    Store failing = new Store(db, client, StoreTest.fast(), events::add, InstantSource.system());
    ReplicationStartException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            ReplicationStartException.class, () -> failing.start(false));
    assertThat(e.replicaUnusable()).isTrue();
    return e.getMessage();
  }

  private void insert(int from, int count) throws SQLException {
    db.write(
        c -> {
          for (int i = 0; i < count; i++) {
            c.createStatement()
                .executeUpdate(
                    "INSERT INTO t(id, v) VALUES (" + (from + i) + ", randomblob(2000))");
          }
          return null;
        });
  }

  private void awaitCaughtUp() throws InterruptedException {
    StoreTest.awaitQuietly(
        () -> {
          ReplicationStatus s = store.status();
          return s.lag().isZero() && s.replicaTxid() == s.localTxid();
        });
  }

  /**
   * Every TXID up to {@code localTxid} is on the replica, in L0 without a hole. (This once failed
   * under load with L0 ...2, 4...: after an outage the re-listing saw no local L0 file 3 because it
   * was not written yet, while a snapshot had meanwhile synced 3 and put 1-3 on level 9, and
   * uploads resumed after 3. Replica.position now only jumps past L0 for a real local gap;
   * ReplicaPositionTest pins the race.) L0 retention may drop old L0 files, so the TXIDs before the
   * first L0 file must be covered by a compaction or snapshot.
   */
  private void assertNoTxidGap(long localTxid) throws Exception {
    List<LtxFileInfo> l0 = client.ltxFiles(0, 0, false);
    assertThat(l0).isNotEmpty();
    for (int i = 1; i < l0.size(); i++) {
      assertThat(l0.get(i).minTxid())
          .as("L0 after %s", l0.get(i - 1))
          .isEqualTo(l0.get(i - 1).maxTxid() + 1);
    }
    assertThat(l0.getLast().maxTxid()).isEqualTo(localTxid);
    List<LtxFileInfo> higher = new java.util.ArrayList<>();
    for (int level = 1; level <= CompactionLevel.SNAPSHOT_LEVEL; level++) {
      higher.addAll(client.ltxFiles(level, 0, false));
    }
    higher.sort(LtxFileInfo.BY_TXID);
    long coveredBefore = 0; // TXIDs 1..coveredBefore restore from levels 1-9 without a hole
    for (LtxFileInfo f : higher) {
      if (f.minTxid() <= coveredBefore + 1) {
        coveredBefore = Math.max(coveredBefore, f.maxTxid());
      }
    }
    assertThat(l0.getFirst().minTxid())
        .as("TXIDs before the first L0 file are covered")
        .isLessThanOrEqualTo(coveredBefore + 1);
  }

  private void assertRestoreEqualsPrimary() throws Exception {
    Path restored = dir.resolve("restored-" + System.nanoTime() + ".db");
    ReplicaImage.restore(client, restored);
    assertThat(ReplicaImage.integrityCheck(restored)).isEqualTo("ok");
    assertThat(ReplicaImage.dump(restored)).isEqualTo(db.read(ReplicaImage::dump));
  }
}
