package dev.sqliterest.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sqliterest.replication.client.LtxFileInfo;
import dev.sqliterest.sqlite.Database;
import dev.sqliterest.sqlite.DatabaseOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine against an in-memory replica: shipping, restore equality, faults, checkpoints. */
final class StoreTest {

  @TempDir Path dir;
  private Database db;
  private final MemoryReplicaClient replica = new MemoryReplicaClient();
  private final List<ReplicationEvent> events = new CopyOnWriteArrayList<>();
  private Store store;

  static ReplicationOptions fast() {
    return ReplicationOptions.defaults()
        .withSyncInterval(Duration.ofMillis(50))
        .withMaxBackoff(Duration.ofMillis(200));
  }

  @BeforeEach
  void open() throws SQLException {
    db = TestDatabase.open(dir.resolve("app.db"));
  }

  @AfterEach
  void close() throws SQLException {
    if (store != null) {
      store.close(Duration.ofSeconds(5));
    }
    db.close();
  }

  private Store start(ReplicationOptions options) throws Exception {
    store = new Store(db, replica, options, events::add, InstantSource.system());
    store.start(false);
    return store;
  }

  @Test
  void start_shipsTheExistingDatabaseAsTxid1AndASnapshot() throws Exception {
    insert(1, 20);
    start(fast());
    assertThat(replica.ltxFiles(0, 0, false)).extracting(LtxFileInfo::minTxid).containsExactly(1L);
    await(() -> levelSize(9) == 1);
    assertRestoreEqualsPrimary();
  }

  @Test
  void writes_advanceTheReplicaContiguouslyAndRestoreEqualsPrimary() throws Exception {
    start(fast());
    for (int i = 0; i < 10; i++) {
      insert(i * 10 + 1, i * 10 + 10);
      Thread.sleep(20);
    }
    await(
        () ->
            store.status().replicaTxid() == store.status().localTxid()
                && store.status().lag().isZero());
    List<LtxFileInfo> l0 = replica.ltxFiles(0, 0, false);
    assertThat(l0.size()).isGreaterThan(2);
    for (int i = 0; i < l0.size(); i++) {
      assertThat(l0.get(i).minTxid()).isEqualTo(i + 1L);
    }
    assertThat(events)
        .filteredOn(e -> e instanceof ReplicationEvent.Synced s && s.full())
        .hasSize(1);
    assertRestoreEqualsPrimary();
  }

  @Test
  void concurrentSnapshots_eachSucceeds() throws Exception {
    insert(1, 200);
    start(fast());
    // the maintenance thread's schedule, the sync thread bridging a gap and an operator may all
    // ask for a snapshot at once; they share the scratch file
    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    for (int t = 0; t < 3; t++) {
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    for (int i = 0; i < 10; i++) {
                      try {
                        store.snapshotNow();
                      } catch (IOException | RuntimeException e) {
                        failures.add(e);
                      }
                    }
                  }));
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(failures).isEmpty();
    assertRestoreEqualsPrimary();
  }

  @Test
  void commit_wakesTheSyncBeforeTheInterval() throws Exception {
    start(fast().withSyncInterval(Duration.ofSeconds(30)));
    long before = store.status().replicaTxid();
    insert(1, 1);
    await(() -> store.status().replicaTxid() > before);
  }

  @Test
  void close_shipsEverythingCommitted() throws Exception {
    start(fast().withSyncInterval(Duration.ofSeconds(30)));
    // commits made through withWriter do not notify listeners: only the final flush ships them
    db.withWriter(
        c ->
            c.createStatement()
                .executeUpdate("INSERT INTO t(id, v) VALUES (999, randomblob(5000))"));
    assertThat(store.close(Duration.ofSeconds(5))).isTrue();
    store = null;
    assertThat(events)
        .last()
        .isInstanceOfSatisfying(
            ReplicationEvent.Stopped.class, s -> assertThat(s.flushed()).isTrue());
    assertRestoreEqualsPrimary();
  }

  @Test
  void outage_errorsCountedThenCatchUpWithoutGap() throws Exception {
    start(fast());
    insert(1, 5);
    await(this::caughtUp);
    long shipped = store.status().replicaTxid();
    replica.down(true);
    for (int i = 0; i < 10; i++) {
      insert(100 + i * 5, 104 + i * 5);
      Thread.sleep(30);
    }
    await(() -> !store.status().healthy());
    Duration lagBefore = store.status().lag();
    assertThat(lagBefore).isPositive();
    Thread.sleep(100);
    // the replica still holds what it had: its TXID stays, lag keeps growing
    assertThat(store.status().replicaTxid()).isPositive().isEqualTo(shipped);
    assertThat(store.status().localTxid()).isGreaterThan(shipped);
    assertThat(store.status().lag()).isGreaterThanOrEqualTo(lagBefore.plusMillis(100));
    replica.down(false);
    await(
        () ->
            store.status().healthy() && store.status().replicaTxid() == store.status().localTxid());
    assertThat(events).filteredOn(TestDatabase::uploadFailed).isNotEmpty();
    assertThat(events).filteredOn(e -> e instanceof ReplicationEvent.Recovered).isNotEmpty();
    List<LtxFileInfo> l0 = replica.ltxFiles(0, 0, false);
    for (int i = 1; i < l0.size(); i++) {
      assertThat(l0.get(i).minTxid()).isEqualTo(l0.get(i - 1).maxTxid() + 1);
    }
    assertRestoreEqualsPrimary();
  }

  @Test
  void start_unreachableReplica_failsNamingTheUrl() {
    replica.down(true);
    store = new Store(db, replica, fast(), events::add, InstantSource.system());
    assertThatThrownBy(() -> store.start(false))
        .isInstanceOf(ReplicationStartException.class)
        .hasMessageContaining("memory://test");
    store = null;
  }

  @Test
  void start_degraded_servesAndCatchesUpWhenTheReplicaReturns() throws Exception {
    replica.down(true);
    insert(1, 3);
    store = new Store(db, replica, fast(), events::add, InstantSource.system());
    store.start(true);
    assertThat(store.status().healthy()).isFalse();
    insert(4, 6);
    replica.down(false);
    await(
        () ->
            store.status().healthy() && store.status().replicaTxid() == store.status().localTxid());
    assertRestoreEqualsPrimary();
  }

  @Test
  void checkpoints_restartTheWalWithoutFullImages() throws Exception {
    start(fast().withCheckpoints(20, Duration.ofMinutes(1), 100_000));
    int row = 1;
    // writes until a checkpoint restarted the WAL (on a slow machine the sync may see them late),
    // then as many again into the restarted WAL: those must ship without a full image
    for (int i = 0; i < 30; i++) {
      insert(row, row + 3);
      row += 4;
      Thread.sleep(10);
    }
    await(this::checkpointed);
    for (int i = 0; i < 30; i++) {
      insert(row, row + 3);
      row += 4;
      Thread.sleep(10);
    }
    await(this::caughtUp);
    assertThat(events)
        .filteredOn(e -> e instanceof ReplicationEvent.Synced s && s.full())
        .hasSize(1);
    assertRestoreEqualsPrimary();
  }

  @Test
  void foreignReader_incompleteCheckpointsAreNotRetriedOnEverySync() throws Exception {
    start(fast().withCheckpoints(5, Duration.ofMinutes(1), 10));
    try (Connection reader = DriverManager.getConnection("jdbc:sqlite:" + db.path());
        Statement st = reader.createStatement()) {
      st.execute("BEGIN");
      st.executeQuery("SELECT count(*) FROM t").close(); // holds an old snapshot
      for (int i = 0; i < 10; i++) {
        insert(i * 50 + 1, i * 50 + 50);
        await(this::caughtUp);
      }
      st.execute("ROLLBACK");
    }
    // one attempt that reported busy/incomplete, then none for the checkpoint interval
    assertThat(events).filteredOn(e -> e instanceof ReplicationEvent.Checkpointed).hasSize(1);
    assertRestoreEqualsPrimary();
  }

  @Test
  void truncateCheckpoint_continuesIncrementally() throws Exception {
    start(fast().withCheckpoints(5, Duration.ofMinutes(1), 10));
    insert(1000, 1100); // one transaction of ~40 frames: over the TRUNCATE threshold
    for (int i = 0; i < 20; i++) {
      insert(i * 5 + 1, i * 5 + 5);
      Thread.sleep(10);
    }
    await(this::caughtUp);
    assertThat(events)
        .filteredOn(
            e -> e instanceof ReplicationEvent.Checkpointed c && c.mode().equals("TRUNCATE"))
        .isNotEmpty();
    assertThat(events)
        .filteredOn(e -> e instanceof ReplicationEvent.Synced s && s.full())
        .hasSize(1);
    assertRestoreEqualsPrimary();
  }

  @Test
  void foreignWriteAndCheckpointWhileFenced_areShippedIncrementally() throws Exception {
    start(fast().withSyncInterval(Duration.ofSeconds(30)));
    insert(1, 10);
    await(this::caughtUp);
    // Another process writes and truncates the WAL behind the replicator's back.
    try (Connection foreign = DriverManager.getConnection("jdbc:sqlite:" + db.path());
        Statement st = foreign.createStatement()) {
      st.execute("PRAGMA busy_timeout = 5000");
      st.executeUpdate("INSERT INTO t(id, v) VALUES (5000, randomblob(100))");
      st.execute("PRAGMA wal_checkpoint(PASSIVE)");
    }
    insert(11, 12);
    await(this::caughtUp);
    // the fence kept the foreign checkpoint from backfilling unshipped frames: no full image needed
    assertThat(events)
        .filteredOn(e -> e instanceof ReplicationEvent.Synced s && s.full())
        .hasSize(1);
    assertRestoreEqualsPrimary();
  }

  @Test
  void walCheckpointedWhileStopped_isAnsweredWithAFullImage() throws Exception {
    start(fast());
    insert(1, 10);
    await(this::caughtUp);
    store.close(Duration.ofSeconds(5));
    store = null;
    // Another process writes and truncates the WAL while nothing replicates.
    try (Connection foreign = DriverManager.getConnection("jdbc:sqlite:" + db.path());
        Statement st = foreign.createStatement()) {
      st.executeUpdate("INSERT INTO t(id, v) VALUES (5000, randomblob(100))");
      st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
      st.executeUpdate("INSERT INTO t(id, v) VALUES (5001, randomblob(100))");
    }
    events.clear();
    start(fast());
    assertThat(events)
        .filteredOn(e -> e instanceof ReplicationEvent.Synced s && s.full())
        .hasSize(1);
    insert(11, 12);
    assertRestoreEqualsPrimary();
  }

  @Test
  void restartWithEmptyMetaDir_continuesAfterTheReplicaWithAFullImage() throws Exception {
    start(fast());
    insert(1, 10);
    await(this::caughtUp);
    store.close(Duration.ofSeconds(5));
    long before = replica.ltxFiles(0, 0, false).size();
    deleteRecursively(fast().metaDirFor(db.path()));
    insert(11, 20);
    store = new Store(db, replica, fast(), events::add, InstantSource.system());
    store.start(false);
    List<LtxFileInfo> l0 = replica.ltxFiles(0, 0, false);
    assertThat(l0).hasSize((int) before + 1);
    assertThat(l0.get(l0.size() - 1).minTxid()).isEqualTo(before + 1);
    assertRestoreEqualsPrimary();
  }

  @Test
  void emptyReplicaWithLocalFilesPruned_gapIsBridgedByASnapshot() throws Exception {
    start(fast());
    insert(1, 10);
    await(this::caughtUp);
    store.close(Duration.ofSeconds(5));
    MetaDir meta = new MetaDir(fast().metaDirFor(db.path()));
    List<Long> local = meta.l0Txids();
    for (long t : local.subList(0, local.size() - 1)) {
      meta.deleteL0(t); // pruned after an earlier upload
    }
    replica.deleteAll(); // and the replica was wiped
    insert(11, 20);
    store = new Store(db, replica, fast(), events::add, InstantSource.system());
    store.start(false);
    insert(21, 25);
    await(this::caughtUp);
    assertThat(replica.ltxFiles(9, 0, false)).isNotEmpty();
    assertRestoreEqualsPrimary();
  }

  @Test
  void restartAfterCleanShutdownAndDatabaseClose_continuesIncrementally() throws Exception {
    start(fast());
    insert(1, 10);
    assertThat(store.close(Duration.ofSeconds(5))).isTrue();
    db.close(); // SQLite checkpoints and deletes the WAL with the last connection
    assertThat(db.walPath()).doesNotExist();
    reopen();
    insert(11, 20);
    events.clear();
    start(fast());
    insert(21, 22);
    assertThat(events)
        .filteredOn(e -> e instanceof ReplicationEvent.Synced s && s.full())
        .isEmpty();
    assertRestoreEqualsPrimary();
  }

  @Test
  void restartAfterForeignChangeWhileDown_writesAFullImage() throws Exception {
    start(fast());
    insert(1, 10);
    assertThat(store.close(Duration.ofSeconds(5))).isTrue();
    db.close();
    try (Connection foreign = DriverManager.getConnection("jdbc:sqlite:" + db.path());
        Statement st = foreign.createStatement()) {
      st.executeUpdate("UPDATE t SET v = randomblob(10) WHERE id = 3");
    } // closing checkpoints the change into the database file and deletes the WAL
    reopen();
    events.clear();
    start(fast());
    assertThat(events)
        .filteredOn(e -> e instanceof ReplicationEvent.Synced s && s.full())
        .hasSize(1);
    assertRestoreEqualsPrimary();
  }

  private void reopen() throws SQLException {
    db = Database.open(DatabaseOptions.defaults(dir.resolve("app.db")).withAutocheckpoint(false));
  }

  @Test
  void restart_resumesFromTheLocalPositionIncrementally() throws Exception {
    start(fast());
    insert(1, 10);
    store.close(Duration.ofSeconds(5));
    insert(11, 20);
    events.clear();
    store = new Store(db, replica, fast(), events::add, InstantSource.system());
    store.start(false);
    assertThat(events)
        .filteredOn(e -> e instanceof ReplicationEvent.Synced s && s.full())
        .isEmpty();
    assertRestoreEqualsPrimary();
  }

  void assertRestoreEqualsPrimary() throws Exception {
    await(() -> store == null || caughtUp());
    Path restored = dir.resolve("restored-" + System.nanoTime() + ".db");
    ReplicaImage.restore(replica, restored);
    assertThat(ReplicaImage.integrityCheck(restored)).isEqualTo("ok");
    assertThat(ReplicaImage.dump(restored)).isEqualTo(db.read(ReplicaImage::dump));
  }

  /** A checkpoint has restarted the WAL. */
  private boolean checkpointed() {
    return events.stream().anyMatch(e -> e instanceof ReplicationEvent.Checkpointed);
  }

  /** Every commit made through the database is on the replica (lag zero, positions equal). */
  private boolean caughtUp() {
    ReplicationStatus s = store.status();
    return s.lag().isZero() && s.replicaTxid() == s.localTxid();
  }

  private int levelSize(int level) {
    try {
      return replica.ltxFiles(level, 0, false).size();
    } catch (java.io.IOException e) {
      return -1;
    }
  }

  private void insert(int from, int to) throws SQLException {
    TestDatabase.insert(db, from, to);
  }

  void await(BooleanSupplier condition) throws InterruptedException {
    try {
      awaitQuietly(condition);
    } catch (AssertionError e) {
      throw new AssertionError(
          e.getMessage()
              + "; status "
              + (store == null ? null : store.status())
              + "; events "
              + events,
          e);
    }
  }

  static void awaitQuietly(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 15 s");
      }
      Thread.sleep(10);
    }
  }

  private static void deleteRecursively(Path p) throws java.io.IOException {
    try (var walk = java.nio.file.Files.walk(p)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
    }
  }
}
