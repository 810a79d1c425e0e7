package dev.sqliterest.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sqliterest.replication.client.LtxFileInfo;
import dev.sqliterest.replication.restore.RestoreTarget;
import dev.sqliterest.sqlite.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commit → TXID primitive: the commit position read after a write maps to a local TXID whose
 * state holds the write, and a caller can wait until the replica holds that TXID.
 */
final class CommitTxidTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;
  private Database db;
  private final MemoryReplicaClient replica = new MemoryReplicaClient();
  private Store store;

  @BeforeEach
  void open() throws Exception {
    db = TestDatabase.open(dir.resolve("app.db"));
    // no spacing and a short interval: syncs run as often as possible, so they race with commits
    store =
        new Store(
            db,
            replica,
            StoreTest.fast()
                .withSyncInterval(Duration.ofMillis(5))
                .withMinSyncSpacing(Duration.ZERO),
            e -> {},
            InstantSource.system());
    store.start(false);
  }

  @AfterEach
  void close() throws SQLException {
    store.close(Duration.ofSeconds(5));
    db.close();
  }

  @Test
  void everyConcurrentWrite_isInTheStateAtItsTxid_andTheReplicaHoldsItWhenTheWaitReturns()
      throws Exception {
    Map<Integer, Long> txidOfRow = new ConcurrentHashMap<>();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    List<Thread> writers = new ArrayList<>();
    for (int w = 0; w < 4; w++) {
      int first = w * 1000 + 1;
      writers.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      for (int id = first; id < first + 60; id++) {
                        TestDatabase.insert(db, id, id);
                        long txid = store.localTxid(db.commits(), WAIT);
                        store.awaitReplicated(txid, WAIT);
                        // the wait returned: the replica has a file at or after it
                        assertThat(newestHeld()).isGreaterThanOrEqualTo(txid);
                        txidOfRow.put(id, txid);
                      }
                    } catch (Throwable e) {
                      failures.add(e);
                    }
                  }));
    }
    for (Thread t : writers) {
      t.join();
    }
    assertThat(failures).isEmpty();
    assertThat(txidOfRow).hasSize(240);
    TreeMap<Long, Set<Integer>> rowsUpTo = new TreeMap<>();
    txidOfRow.forEach((id, txid) -> rowsUpTo.computeIfAbsent(txid, t -> new HashSet<>()).add(id));
    // restore the state at a spread of the TXIDs handed out: it has every row mapped at or before
    List<Long> txids = new ArrayList<>(rowsUpTo.keySet());
    for (int i = 0; i < txids.size(); i += Math.max(1, txids.size() / 8)) {
      long txid = txids.get(i);
      Set<Integer> expected = new HashSet<>();
      rowsUpTo.headMap(txid, true).values().forEach(expected::addAll);
      Path restored = dir.resolve("at-" + txid + ".db");
      ReplicaImage.restore(replica, restored, new RestoreTarget.AtTxid(txid));
      assertThat(ids(restored)).as("rows in the state at txid %d", txid).containsAll(expected);
    }
  }

  @Test
  void awaitReplicated_timesOutWhileTheReplicaIsDown_thenReturnsOnceItCatchesUp() throws Exception {
    replica.down(true);
    TestDatabase.insert(db, 1, 1);
    long txid = store.localTxid(db.commits(), WAIT);
    assertThat(txid).isGreaterThan(0);
    assertThatThrownBy(() -> store.awaitReplicated(txid, Duration.ofMillis(300)))
        .isInstanceOf(TimeoutException.class);
    replica.down(false);
    store.awaitReplicated(txid, WAIT);
    assertThat(newestHeld()).isGreaterThanOrEqualTo(txid);
  }

  @Test
  void localTxid_isKnownWhileTheReplicaIsDown() throws Exception {
    replica.down(true);
    TestDatabase.insert(db, 1, 1);
    long first = store.localTxid(db.commits(), WAIT);
    TestDatabase.insert(db, 2, 2);
    long second = store.localTxid(db.commits(), WAIT);
    assertThat(second).isGreaterThan(first);
  }

  /** The newest TXID on the replica through an L0 file or a snapshot (either holds the state). */
  private long newestHeld() {
    try {
      long newest = 0;
      for (int level : new int[] {0, CompactionLevel.SNAPSHOT_LEVEL}) {
        for (LtxFileInfo f : replica.ltxFiles(level, 0, false)) {
          newest = Math.max(newest, f.maxTxid());
        }
      }
      return newest;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Set<Integer> ids(Path db) throws SQLException {
    Set<Integer> ids = new HashSet<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT id FROM t")) {
      while (rs.next()) {
        ids.add(rs.getInt(1));
      }
    }
    return ids;
  }
}
