package dev.sqliterest.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sqliterest.sqlite.Database;
import dev.sqliterest.sqlite.DatabaseOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A follower against a primary replicating to an in-memory replica: it restores, keeps up, shows
 * readers whole transactions only, and survives compaction, retention, a reseeded replica and
 * primary restarts. The primary's compaction is driven by hand, so each case is deterministic.
 */
final class FollowerTest {

  private static final int BATCH = 50;

  @TempDir Path dir;
  private final MemoryReplicaClient replica = new MemoryReplicaClient();
  private final List<ReplicationEvent> events = new CopyOnWriteArrayList<>();
  private Database primary;
  private Store store;
  private Compactor compactor;
  private Follower follower;
  private int nextId = 1;

  @BeforeEach
  void openPrimary() throws SQLException {
    primary = TestDatabase.open(dir.resolve("primary.db"));
  }

  @AfterEach
  void close() throws Exception {
    if (follower != null) {
      follower.close();
    }
    if (store != null) {
      store.close(Duration.ofSeconds(5));
    }
    primary.close();
  }

  private void startPrimary() throws Exception {
    startPrimary(StoreTest.fast().withLevels(List.of()));
  }

  private void startPrimary(ReplicationOptions options) throws Exception {
    store = new Store(primary, replica, options, ReplicationListener.NONE, InstantSource.system());
    store.start(false);
    compactor =
        new Compactor(
            replica,
            new MetaDir(StoreTest.fast().metaDirFor(primary.path())),
            ReplicationListener.NONE,
            "");
  }

  private Follower startFollower() throws Exception {
    follower =
        Follower.start(
            DatabaseOptions.defaults(dir.resolve("follower.db")),
            replica,
            new FollowOptions(Duration.ofMillis(50)),
            events::add,
            InstantSource.system());
    return follower;
  }

  @Test
  void restoresThenFollows_andAfterAGracefulStopContinuesWhereItStopped() throws Exception {
    startPrimary();
    writeBatches(3);
    startFollower();
    awaitFollowerCaughtUp();
    writeBatches(3);
    awaitFollowerCaughtUp();

    follower.close();
    writeBatches(2);
    events.clear();
    startFollower();
    awaitFollowerCaughtUp();

    assertThat(events)
        .filteredOn(e -> e instanceof ReplicationEvent.Followed)
        .isNotEmpty()
        .allMatch(e -> !((ReplicationEvent.Followed) e).restored());
  }

  @Test
  void startedBeforeThePrimarysFirstSnapshot_waitsThenRestores() throws Exception {
    startFollower();
    assertThat(follower.awaitTxid(1, Duration.ofMillis(300))).isFalse();
    assertThat(follower.status().ready()).isFalse();
    assertThat(follower.txid()).isZero();

    writeRows(BATCH);
    startPrimary();
    awaitFollowerCaughtUp();
    assertThat(follower.status().ready()).isTrue();
  }

  @Test
  void concurrentReaders_neverSeeHalfOfABulkInsert() throws Exception {
    startPrimary();
    writeBatches(1);
    startFollower();
    awaitFollowerCaughtUp();
    AtomicBoolean stop = new AtomicBoolean();
    ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
    List<Long> seen = new CopyOnWriteArrayList<>();
    List<Thread> readers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      readers.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    while (!stop.get()) {
                      try {
                        long n = count(follower.database());
                        seen.add(n);
                        if (n % BATCH != 0) {
                          wrong.add("saw " + n + " rows");
                        }
                      } catch (SQLException e) {
                        wrong.add(e.toString());
                      }
                    }
                  }));
    }
    for (int i = 0; i < 40; i++) {
      writeRows(BATCH); // no wait: several transactions often share one L0 file
      if (i % 10 == 9) {
        awaitFollowerCaughtUp(); // but some states in between for the readers to see
      }
    }
    awaitFollowerCaughtUp();
    stop.set(true);
    for (Thread t : readers) {
      t.join();
    }
    assertThat(wrong).isEmpty();
    assertThat(seen.stream().distinct().count()).as("states read").isGreaterThan(2);
  }

  @Test
  void primaryCompactsAndEnforcesRetentionWhileFollowed_readersSeeWholeBatches() throws Exception {
    // level 1 every 100 ms, level-0 files removed 100 ms after compaction, a snapshot every
    // second kept one second: a follower polling every 300 ms regularly finds the level-0 files
    // it needs gone, and continues from level 1 or from a snapshot
    startPrimary(
        StoreTest.fast()
            .withLevels(List.of(new CompactionLevel(1, Duration.ofMillis(100))))
            .withL0Retention(Duration.ofMillis(100), Duration.ofMillis(100))
            .withSnapshotInterval(Duration.ofSeconds(1))
            .withRetention(Duration.ofSeconds(1)));
    writeBatches(1);
    follower =
        Follower.start(
            DatabaseOptions.defaults(dir.resolve("follower.db")),
            replica,
            new FollowOptions(Duration.ofMillis(300)),
            events::add,
            InstantSource.system());
    awaitFollowerCaughtUp();
    AtomicBoolean stop = new AtomicBoolean();
    ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
    Thread reader =
        Thread.ofVirtual()
            .start(
                () -> {
                  while (!stop.get()) {
                    try {
                      long n = count(follower.database());
                      if (n % BATCH != 0) {
                        wrong.add("saw " + n + " rows");
                      }
                    } catch (SQLException e) {
                      wrong.add(e.toString());
                    }
                  }
                });
    long deadline = System.nanoTime() + Duration.ofSeconds(4).toNanos();
    while (System.nanoTime() < deadline) {
      writeRows(BATCH);
      Thread.sleep(20); // a steady trickle of transactions over several compactions
    }
    awaitFollowerCaughtUp();
    stop.set(true);
    reader.join();
    assertThat(wrong).isEmpty();
    assertThat(replica.ltxFiles(1, 0, false)).as("level 1 was written").isNotEmpty();
  }

  @Test
  void level0CompactedAway_continuesFromLevel1() throws Exception {
    startPrimary();
    writeBatches(2);
    startFollower();
    awaitFollowerCaughtUp();
    follower.close();
    long stoppedAt = follower.txid();

    writeBatches(4);
    assertThat(compactor.compact(1, Instant.now())).isNotEmpty();
    replica.age(0, Instant.now().minusSeconds(600));
    compactor.enforceL0Retention(Instant.now(), Duration.ofMinutes(5));
    assertThat(replica.ltxFiles(0, stoppedAt + 1, false)).hasSize(1); // only the newest is kept

    events.clear();
    startFollower();
    awaitFollowerCaughtUp();
    assertThat(events)
        .filteredOn(e -> e instanceof ReplicationEvent.Followed)
        .allMatch(e -> !((ReplicationEvent.Followed) e).restored());
  }

  @Test
  void everythingAfterItRemoved_restoresFromTheNewestSnapshot() throws Exception {
    startPrimary();
    writeBatches(2);
    startFollower();
    awaitFollowerCaughtUp();
    follower.close();

    writeBatches(3);
    compactor.compact(1, Instant.now());
    store.snapshotNow();
    writeBatches(1);
    // what snapshot retention and L0 retention leave after a long absence: the snapshot, the
    // newest L0 file, and nothing that continues the follower's TXID
    replica.age(0, Instant.now().minusSeconds(600));
    compactor.enforceL0Retention(Instant.now(), Duration.ofMinutes(5)); // L0 up to L1's end goes
    replica.deleteLtxFiles(replica.ltxFiles(1, 0, false));

    events.clear();
    startFollower();
    awaitFollowerCaughtUp();
    assertThat(events)
        .filteredOn(e -> e instanceof ReplicationEvent.Followed)
        .anyMatch(e -> ((ReplicationEvent.Followed) e).restored());
  }

  @Test
  void primaryRestartedWithAFullImage_isFollowed() throws Exception {
    startPrimary();
    writeBatches(2);
    startFollower();
    awaitFollowerCaughtUp();

    store.close(Duration.ofSeconds(5));
    store = null;
    // the primary's local state is gone (a crash on a new volume): its next file is a full image
    deleteRecursively(StoreTest.fast().metaDirFor(primary.path()));
    writeRows(BATCH);
    List<ReplicationEvent> primaryEvents = new CopyOnWriteArrayList<>();
    store =
        new Store(
            primary,
            replica,
            StoreTest.fast().withLevels(List.of()),
            primaryEvents::add,
            InstantSource.system());
    store.start(false);
    writeBatches(1);
    awaitFollowerCaughtUp();
    assertThat(primaryEvents).anyMatch(e -> e instanceof ReplicationEvent.Synced s && s.full());
  }

  @Test
  void replicaReseededWithAnotherDatabase_isRestoredFromIt() throws Exception {
    startPrimary();
    writeBatches(6);
    startFollower();
    awaitFollowerCaughtUp();

    store.close(Duration.ofSeconds(5));
    store = null;
    primary.close();
    replica.deleteAll();
    primary = TestDatabase.open(dir.resolve("other.db"));
    writeRows(7);
    startPrimary();
    awaitFollowerCaughtUp();
    assertThat(count(follower.database())).isEqualTo(7);
  }

  @Test
  void awaitTxid_timesOutBeforeAndReturnsOnceApplied() throws Exception {
    startPrimary();
    writeBatches(1);
    startFollower();
    awaitFollowerCaughtUp();
    long next = follower.txid() + 1;
    assertThat(follower.awaitTxid(next, Duration.ofMillis(200))).isFalse();
    Thread waiter =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    assertThat(follower.awaitTxid(next, Duration.ofSeconds(15))).isTrue();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
    writeRows(1);
    waiter.join();
    assertThat(follower.txid()).isGreaterThanOrEqualTo(next);
  }

  @Test
  void crashedFollower_rebuildsItsDatabase() throws Exception {
    startPrimary();
    writeBatches(2);
    startFollower();
    awaitFollowerCaughtUp();
    follower.close();
    // a crash leaves no record of a graceful stop
    Files.delete(dir.resolve(".follower.db-follower/stopped"));
    events.clear();
    startFollower();
    awaitFollowerCaughtUp();
    assertThat(events)
        .filteredOn(e -> e instanceof ReplicationEvent.Followed)
        .first()
        .matches(e -> ((ReplicationEvent.Followed) e).restored());
  }

  @Test
  void aDatabaseItDidNotCreate_isNeverTakenOver() throws Exception {
    Path other = dir.resolve("follower.db");
    Files.copy(primary.path(), other);
    assertThatThrownBy(this::startFollower)
        .hasMessageContaining("is not a follower's")
        .hasMessageContaining("--db-dsn");
    follower = null;
    assertThat(Files.size(other)).isPositive();
  }

  @Test
  void replicaOutage_isCountedAndCaughtUpAfter() throws Exception {
    startPrimary();
    writeBatches(1);
    startFollower();
    awaitFollowerCaughtUp();
    replica.down(true);
    StoreTest.awaitQuietly(() -> !follower.status().healthy());
    assertThat(events).anyMatch(e -> e instanceof ReplicationEvent.Failed);
    replica.down(false);
    writeBatches(1);
    awaitFollowerCaughtUp();
    assertThat(follower.status().healthy()).isTrue();
  }

  /** Waits until the follower is at the primary's TXID with the primary's rows. */
  private void awaitFollowerCaughtUp() throws Exception {
    StoreTest.awaitQuietly(
        () -> {
          ReplicationStatus s = store.status();
          return s.lag().isZero()
              && s.replicaTxid() == s.localTxid()
              && follower.ready()
              && follower.txid() == s.replicaTxid();
        });
    List<String> followed = follower.database().read(ReplicaImage::dump);
    assertThat(followed).isEqualTo(primary.read(ReplicaImage::dump));
    assertThat(follower.database().read(FollowerTest::integrityCheck)).isEqualTo("ok");
  }

  /** Each batch: {@value #BATCH} rows in one transaction, then waits until it is replicated. */
  private void writeBatches(int n) throws Exception {
    for (int i = 0; i < n; i++) {
      writeRows(BATCH);
      StoreTest.awaitQuietly(
          () -> {
            ReplicationStatus s = store.status();
            return s.lag().isZero() && s.replicaTxid() == s.localTxid();
          });
    }
  }

  private void writeRows(int n) throws SQLException {
    TestDatabase.insert(primary, nextId, nextId + n - 1);
    nextId += n;
  }

  private static long count(Database db) throws SQLException {
    return db.read(
        c -> {
          try (Statement st = c.createStatement();
              ResultSet rs = st.executeQuery("SELECT count(*) FROM t")) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  private static String integrityCheck(java.sql.Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static void deleteRecursively(Path p) throws java.io.IOException {
    try (var walk = Files.walk(p)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
    }
  }
}
