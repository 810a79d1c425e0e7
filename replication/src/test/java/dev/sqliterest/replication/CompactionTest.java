package dev.sqliterest.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sqliterest.replication.client.LtxFileInfo;
import dev.sqliterest.sqlite.Database;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Levels, snapshots and retention, driven directly through the {@link Compactor}. */
final class CompactionTest {

  @TempDir Path dir;
  private Database db;
  private final MemoryReplicaClient replica = new MemoryReplicaClient();
  private final List<ReplicationEvent> events = new CopyOnWriteArrayList<>();
  private Store store;
  private Compactor compactor;

  @BeforeEach
  void open() throws Exception {
    db = TestDatabase.open(dir.resolve("c.db"));
    // no compaction levels in the store: the test drives the compactor itself
    store =
        new Store(
            db,
            replica,
            StoreTest.fast().withLevels(List.of()),
            events::add,
            InstantSource.system());
    store.start(false);
    compactor =
        new Compactor(
            replica, new MetaDir(StoreTest.fast().metaDirFor(db.path())), events::add, "");
  }

  @AfterEach
  void close() throws SQLException {
    store.close(Duration.ofSeconds(5));
    db.close();
  }

  @Test
  void compact_mergesL0IntoL1ThenL1IntoL2_andRestoreStillEqualsPrimary() throws Exception {
    writeBatches(5);
    List<LtxFileInfo> l1 = compactor.compact(1, Instant.now());
    assertThat(l1).hasSize(1);
    assertThat(l1.get(0).minTxid()).isEqualTo(1);
    assertThat(l1.get(0).maxTxid()).isEqualTo(store.status().replicaTxid());
    // nothing new: a second run writes nothing
    assertThat(compactor.compact(1, Instant.now())).isEmpty();
    long before = store.status().replicaTxid();
    writeBatches(3);
    List<LtxFileInfo> next = compactor.compact(1, Instant.now());
    assertThat(next).singleElement().satisfies(f -> assertThat(f.minTxid()).isEqualTo(before + 1));
    assertThat(compactor.compact(2, Instant.now()))
        .singleElement()
        .satisfies(f -> assertThat(f.maxTxid()).isEqualTo(next.get(0).maxTxid()));
    assertRestoreEqualsPrimary();
  }

  @Test
  void compact_dstCreatedAfterBoundary_isTooEarly() throws Exception {
    writeBatches(2);
    assertThat(compactor.compact(1, Instant.now())).hasSize(1);
    writeBatches(2);
    assertThat(compactor.compact(1, Instant.now().minusSeconds(60))).isEmpty();
  }

  @Test
  void l0Retention_deletesCompactedOldFilesButNeverTheNewest() throws Exception {
    writeBatches(4);
    compactor.compact(1, Instant.now());
    int l0Before = replica.ltxFiles(0, 0, false).size();
    assertThat(compactor.enforceL0Retention(Instant.now(), Duration.ofMinutes(5)))
        .isZero(); // all too recent
    replica.age(0, Instant.now().minusSeconds(600));
    compactor.enforceL0Retention(Instant.now(), Duration.ofMinutes(5));
    List<LtxFileInfo> l0 = replica.ltxFiles(0, 0, false);
    assertThat(l0).hasSize(1).hasSizeLessThan(l0Before);
    assertThat(l0.get(0).maxTxid()).isEqualTo(store.status().replicaTxid());
    assertRestoreEqualsPrimary();
  }

  @Test
  void snapshotRetention_deletesOldSnapshotsAndFilesBelowTheFloor() throws Exception {
    StoreTest.awaitQuietly(() -> levelSize(9) == 1); // the start-up snapshot
    writeBatches(3);
    compactor.compact(1, Instant.now());
    store.snapshotNow();
    replica.age(9, Instant.now().minusSeconds(7200));
    writeBatches(2);
    store.snapshotNow();
    writeBatches(2);
    compactor.compact(1, Instant.now());
    compactor.enforceSnapshotRetention(Instant.now(), Duration.ofHours(1), 3);
    List<LtxFileInfo> snapshots = replica.ltxFiles(9, 0, false);
    assertThat(snapshots).hasSize(1);
    long floor = snapshots.get(0).maxTxid();
    assertThat(replica.ltxFiles(1, 0, false))
        .last()
        .satisfies(f -> assertThat(f.maxTxid()).isGreaterThan(floor));
    assertThat(events)
        .filteredOn(e -> e instanceof ReplicationEvent.RetentionApplied r && r.level() == 9)
        .isNotEmpty();
    assertRestoreEqualsPrimary();
  }

  private int levelSize(int level) {
    try {
      return replica.ltxFiles(level, 0, false).size();
    } catch (java.io.IOException e) {
      return -1;
    }
  }

  private void writeBatches(int n) throws Exception {
    for (int i = 0; i < n; i++) {
      int base = (int) (System.nanoTime() & 0x3fffffff);
      db.write(
          c ->
              c.createStatement()
                  .executeUpdate("INSERT INTO t(id, v) VALUES (" + base + ", randomblob(3000))"));
      try {
        StoreTest.awaitQuietly(
            () -> {
              ReplicationStatus s = store.status();
              return s.lag().isZero() && s.replicaTxid() == s.localTxid();
            });
      } catch (AssertionError e) {
        throw new AssertionError(
            e.getMessage() + "; status " + store.status() + "; events " + events, e);
      }
    }
  }

  private void assertRestoreEqualsPrimary() throws Exception {
    Path restored = dir.resolve("restored-" + System.nanoTime() + ".db");
    ReplicaImage.restore(replica, restored);
    assertThat(ReplicaImage.integrityCheck(restored)).isEqualTo("ok");
    assertThat(ReplicaImage.dump(restored)).isEqualTo(db.read(ReplicaImage::dump));
  }
}
