package dev.sqliterest.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sqliterest.replication.client.file.FileReplicaClient;
import dev.sqliterest.replication.restore.RestoreTarget;
import dev.sqliterest.sqlite.Database;
import dev.sqliterest.testing.OfficialTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TXID promised to a write without waiting ({@link Store#promiseTxid}): the state at it holds
 * the write, and the local TXID reaches it, while syncs split the WAL, checkpoints restart it and
 * another process commits too.
 */
final class PromisedTxidTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;
  private Database db;
  private Store store;
  private final MemoryReplicaClient replica = new MemoryReplicaClient();
  private final AtomicInteger foreignRows = new AtomicInteger();

  @AfterEach
  void close() throws SQLException {
    if (store != null) {
      store.close(Duration.ofSeconds(10));
    }
    if (db != null) {
      db.close();
    }
  }

  @Test
  void everyWrite_isInTheStateAtItsPromisedTxid_andTheLocalTxidReachesEveryPromise()
      throws Exception {
    db = TestDatabase.open(dir.resolve("app.db"));
    AtomicInteger checkpoints = new AtomicInteger();
    // small files (split at 16 KiB), frequent checkpoints and WAL restarts, syncs racing commits
    store =
        new Store(
            db,
            replica,
            StoreTest.fast()
                .withSyncInterval(Duration.ofMillis(10))
                .withMinSyncSpacing(Duration.ofMillis(3))
                .withMaxSyncWalBytes(16 * 1024)
                .withCheckpoints(16, Duration.ofMillis(50), 48),
            e -> {
              if (e instanceof ReplicationEvent.Checkpointed) {
                checkpoints.incrementAndGet();
              }
            },
            InstantSource.system());
    store.start(false);
    Map<Integer, Long> tokenOfRow = new ConcurrentHashMap<>();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    AtomicBoolean writing = new AtomicBoolean(true);
    Thread foreign = Thread.ofVirtual().start(() -> foreignCommits(writing, failures));
    List<Thread> writers = new ArrayList<>();
    for (int w = 0; w < 4; w++) {
      int first = w * 20_000 + 1; // below the foreign rows' 100,000
      writers.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      // at least 80 rows each, and on until a checkpoint and a foreign commit
                      // happened while writing (a quiet machine can be done with 80 before either)
                      for (int id = first;
                          id < first + 80
                              || (id < first + 19_000
                                  && (checkpoints.get() == 0 || foreignRows.get() == 0));
                          id++) {
                        TestDatabase.insert(db, id, id);
                        tokenOfRow.put(id, store.promiseTxid(db.commits()));
                      }
                    } catch (Throwable e) {
                      failures.add(e);
                    }
                  }));
    }
    for (Thread t : writers) {
      t.join();
    }
    writing.set(false);
    foreign.join();
    assertThat(failures).isEmpty();
    assertThat(foreignRows).as("commits by another process").hasPositiveValue();
    assertThat(checkpoints).as("checkpoints while writing").hasPositiveValue();
    long newest = tokenOfRow.values().stream().mapToLong(Long::longValue).max().orElseThrow();
    // the sync covering the last commit began after every promise: its files reach all of them
    long local = store.localTxid(db.commits(), WAIT);
    assertThat(local).as("local TXID after the last write").isGreaterThanOrEqualTo(newest);
    store.awaitReplicated(local, WAIT);

    TreeMap<Long, Set<Integer>> rowsOfToken = new TreeMap<>();
    tokenOfRow.forEach((id, t) -> rowsOfToken.computeIfAbsent(t, k -> new HashSet<>()).add(id));
    Set<Integer> expected = new HashSet<>();
    for (Map.Entry<Long, Set<Integer>> e : rowsOfToken.entrySet()) {
      expected.addAll(e.getValue());
      Path restored = dir.resolve("at-" + e.getKey() + ".db");
      ReplicaImage.restore(replica, restored, new RestoreTarget.AtTxid(e.getKey()));
      assertThat(ids(restored))
          .as("rows in the state at promised TXID %d", e.getKey())
          .containsAll(expected);
      Files.delete(restored);
    }
  }

  /**
   * Asked while the file that takes it is being written, a commit counted before that file began is
   * promised that file: no later TXID, no extra file.
   */
  @Test
  void aCommitCountedBeforeItsFileBegan_isPromisedThatFile() throws Exception {
    db = TestDatabase.open(dir.resolve("app.db"));
    AtomicLong promised = new AtomicLong();
    ReplicatedDatabase local = promisingWhileWriting(promised, () -> db.commits());
    try {
      TestDatabase.insert(db, 1, 1);
      assertThat(local.sync()).isEqualTo(1);
      assertThat(promised.get()).isEqualTo(local.localTxid());
      assertThat(local.sync()).as("nothing owed").isZero();
    } finally {
      local.close();
    }
  }

  /**
   * A commit whose frames went into the file being built but that was counted only after the file
   * began (here: one the counter never saw) is promised the next TXID; when nothing new comes, the
   * next sync writes that file empty rather than never.
   */
  @Test
  void aCommitCountedAfterItsFileBegan_isPromisedTheNext_keptByAnEmptyFile() throws Exception {
    db = TestDatabase.open(dir.resolve("app.db"));
    AtomicLong promised = new AtomicLong();
    ReplicatedDatabase local = promisingWhileWriting(promised, () -> db.commits() + 1);
    try {
      db.withWriter(c -> c.createStatement().executeUpdate("INSERT INTO t(id) VALUES (1)"));
      assertThat(local.sync()).isEqualTo(1);
      long holding = local.localTxid();
      assertThat(promised.get()).isEqualTo(holding + 1);
      assertThat(local.sync()).as("the owed file, with nothing new in the WAL").isEqualTo(1);
      assertThat(local.localTxid()).isEqualTo(promised.get());
      assertThat(local.sync()).as("owed once only").isZero();
      TestDatabase.insert(db, 2, 2);
      local.sync();
      assertThat(local.localTxid()).as("the sequence goes on").isEqualTo(promised.get() + 1);
      Path restored = dir.resolve("restored.db");
      try (FileReplicaClient files = new FileReplicaClient(local.meta().root())) {
        ReplicaImage.restore(files, restored, new RestoreTarget.AtTxid(promised.get()));
      }
      assertThat(ids(restored)).containsExactly(1);
      // the official tool reads a chain that holds an empty file, up to it and through it
      for (long txid : new long[] {promised.get(), local.localTxid()}) {
        Path official = dir.resolve("official-" + txid + ".db");
        OfficialTools.Result r =
            OfficialTools.litestreamRestore(local.meta().root().toUri().toString(), official, txid);
        assertThat(r.exitCode()).as(r.output()).isZero();
        Set<Integer> expected = txid == promised.get() ? Set.of(1) : Set.of(1, 2);
        assertThat(ids(official)).as("TXID %d", txid).isEqualTo(expected);
      }
    } finally {
      local.close();
    }
  }

  /**
   * The local side alone (no sync loop), which asks for the TXID of commit {@code commit} the first
   * time a file is written (inside the write, before the sync maps its commits).
   */
  private ReplicatedDatabase promisingWhileWriting(AtomicLong promised, LongSupplier commit)
      throws Exception {
    ReplicatedDatabase[] local = new ReplicatedDatabase[1];
    local[0] =
        new ReplicatedDatabase(
            db,
            StoreTest.fast(),
            InstantSource.system(),
            event -> {
              if (event instanceof ReplicationEvent.Synced && promised.get() == 0) {
                promised.set(local[0].promiseTxid(commit.getAsLong()));
              }
            },
            new LagClock(System::nanoTime));
    promised.set(-1); // not yet: the first file comes before the commit under test
    local[0].open();
    local[0].sync();
    promised.set(0);
    return local[0];
  }

  /** Another process inserts a row now and then while the writers run. */
  private void foreignCommits(AtomicBoolean writing, List<Throwable> failures) {
    try {
      for (int id = 100_000; writing.get(); id++) {
        OfficialTools.Result r =
            OfficialTools.run(
                List.of(
                    OfficialTools.systemTool("sqlite3").toString(), "-bail", db.path().toString()),
                Map.of(),
                (".timeout 10000\nINSERT INTO t(id, v) VALUES (" + id + ", randomblob(3000));\n")
                    .getBytes(StandardCharsets.UTF_8),
                null);
        assertThat(r.exitCode()).as(r.output()).isZero();
        foreignRows.incrementAndGet();
      }
    } catch (Throwable e) {
      failures.add(e);
    }
  }

  private static Set<Integer> ids(Path file) throws SQLException {
    Set<Integer> ids = new HashSet<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT id FROM t WHERE id < 100000")) {
      while (rs.next()) {
        ids.add(rs.getInt(1));
      }
    }
    return ids;
  }
}
