package dev.sqliterest.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sqliterest.ltx.LtxDecoder;
import dev.sqliterest.ltx.LtxHeader;
import dev.sqliterest.ltx.LtxPage;
import dev.sqliterest.replication.client.LtxFileInfo;
import dev.sqliterest.replication.client.file.FileReplicaClient;
import dev.sqliterest.sqlite.Database;
import dev.sqliterest.sqlite.DatabaseOptions;
import dev.sqliterest.testing.OfficialTools;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every state a replica ever held restores to a consistent database, while everything that can move
 * the WAL under the replicator happens at once: the application writing, the {@code sqlite3} CLI
 * writing, reading, checkpointing (PASSIVE, TRUNCATE) and vacuuming, a second JVM writing with
 * SQLite's automatic checkpoints, and the engine's own syncs, checkpoints (small thresholds),
 * snapshots and compactions.
 *
 * <p>Afterwards level 0 (kept whole) is replayed file by file: every TXID's image must pass {@link
 * AuditedWrites#audit} and no writer may go back; every snapshot and compaction must produce
 * exactly the image of the level-0 chain at its TXID; the official {@code litestream restore} at a
 * few TXIDs gives those same bytes, and at the end the primary's content. A failure leaves the
 * directory (database, replica, meta directory) for {@code sqlite-rest ltx dump|verify}.
 *
 * <p>{@code ./mvnw verify} runs {@value #DEFAULT_SECONDS} s of load; {@code
 * -Dsqliterest.history.seconds=300} a long run.
 */
final class ReplicaHistoryTest {

  private static final int DEFAULT_SECONDS = 10;
  private static final int SECONDS =
      Integer.getInteger("sqliterest.history.seconds", DEFAULT_SECONDS);
  private static final int APP = 0;
  private static final int CLI = 1;
  private static final int JVM = 2;

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  private final List<Throwable> failures = new CopyOnWriteArrayList<>();

  @Test
  void everyReplicatedState_restoresConsistent_underForeignWritersAndCheckpoints()
      throws Exception {
    Path dbPath = dir.resolve("app.db");
    Path replicaDir = dir.resolve("replica");
    FileReplicaClient replica = new FileReplicaClient(replicaDir);
    ReplicationOptions options =
        ReplicationOptions.defaults()
            .withSyncInterval(Duration.ofMillis(50))
            .withMinSyncSpacing(Duration.ofMillis(10))
            .withSnapshotInterval(Duration.ofSeconds(1))
            .withLevels(
                List.of(
                    new CompactionLevel(1, Duration.ofSeconds(1)),
                    new CompactionLevel(2, Duration.ofSeconds(3))))
            .withL0Retention(Duration.ofHours(1), Duration.ofSeconds(1))
            .withCheckpoints(40, Duration.ofMillis(300), 400)
            .withMaxBackoff(Duration.ofMillis(200));
    List<String> primary;
    try (Database db =
        Database.open(
            DatabaseOptions.defaults(dbPath).withCreate(true).withAutocheckpoint(false))) {
      db.write(
          c -> {
            try (Statement st = c.createStatement()) {
              for (String s : AuditedWrites.SCHEMA.split(";")) {
                st.executeUpdate(s);
              }
            }
            return null;
          });
      Store store = new Store(db, replica, options, e -> {}, InstantSource.system());
      store.start(false);
      long deadline = System.nanoTime() + Duration.ofSeconds(SECONDS).toNanos();
      Process jvm = secondJvm(dbPath);
      List<Thread> threads =
          List.of(
              loop("app writer", deadline, () -> appTransaction(db)),
              loop("sqlite3 CLI", deadline, () -> cliRound(dbPath)),
              loop("snapshots", deadline, () -> snapshotSoon(store)));
      for (Thread t : threads) {
        t.join();
      }
      assertThat(jvm.waitFor()).as("second JVM: %s", output(jvm)).isZero();
      assertThat(failures).as("workload failures").isEmpty();
      store.syncNow();
      assertThat(store.close(Duration.ofSeconds(60))).as("replica caught up").isTrue();
      primary = db.read(ReplicaImage::dump);
    }
    verifyHistory(replica, primary);
  }

  private void verifyHistory(FileReplicaClient replica, List<String> primary) throws Exception {
    List<LtxFileInfo> l0 = replica.ltxFiles(0, 0, false);
    assertThat(l0).isNotEmpty();
    List<LtxFileInfo> merged = new ArrayList<>();
    for (int level = 1; level <= CompactionLevel.SNAPSHOT_LEVEL; level++) {
      merged.addAll(replica.ltxFiles(level, 0, false));
    }
    Map<Long, String> chainHash = new TreeMap<>();
    Map<LtxFileInfo, String> mergedHash = new java.util.HashMap<>();
    TreeMap<Integer, byte[]> pages = new TreeMap<>();
    int[] commit = new int[1];
    Map<Integer, Long> previousRows = Map.of();
    Path image = dir.resolve("image.db");
    for (int i = 0; i < l0.size(); i++) {
      long txid = i + 1L;
      LtxFileInfo f = l0.get(i);
      assertThat(f.minTxid()).as("level 0 is contiguous from 1").isEqualTo(txid);
      for (LtxFileInfo m : merged) {
        if (m.minTxid() == txid) { // applies on top of the chain at txid - 1
          TreeMap<Integer, byte[]> base = m.minTxid() == 1 ? new TreeMap<>() : new TreeMap<>(pages);
          int[] c = {commit[0]};
          apply(replica, m, base, c);
          mergedHash.put(m, hash(write(base, c[0], image)));
        }
      }
      apply(replica, f, pages, commit);
      byte[] bytes = write(pages, commit[0], image);
      chainHash.put(txid, hash(bytes));
      Map<Integer, Long> rows;
      try {
        rows = AuditedWrites.audit(image);
      } catch (SQLException e) {
        Files.copy(image, dir.resolve("corrupt-" + txid + ".db"));
        throw new AssertionError(
            "replica state at TXID " + txid + " (" + f + ") is broken: " + e.getMessage(), e);
      }
      for (Map.Entry<Integer, Long> prev : previousRows.entrySet()) {
        assertThat(rows.getOrDefault(prev.getKey(), 0L))
            .as("writer %d at TXID %d never goes back", prev.getKey(), txid)
            .isGreaterThanOrEqualTo(prev.getValue());
      }
      previousRows = rows;
    }
    assertThat(ReplicaImage.dump(image)).as("latest replica state = primary").isEqualTo(primary);
    assertThat(previousRows.keySet()).as("every writer replicated").contains(APP, CLI, JVM);
    for (Map.Entry<LtxFileInfo, String> m : mergedHash.entrySet()) {
      assertThat(m.getValue())
          .as("%s equals the level-0 chain at its TXID", m.getKey())
          .isEqualTo(chainHash.get(m.getKey().maxTxid()));
    }
    assertThat(mergedHash.keySet())
        .as("snapshots and compactions checked")
        .anyMatch(f -> f.level() == CompactionLevel.SNAPSHOT_LEVEL)
        .anyMatch(f -> f.level() == 1);
    long last = l0.size();
    for (long txid : List.of(last / 3, 2 * last / 3, last)) {
      if (txid > 0) {
        assertThat(officialRestore(replica, txid))
            .as("official litestream restore at TXID %d", txid)
            .isEqualTo(chainHash.get(txid));
      }
    }
  }

  private static void apply(
      FileReplicaClient replica, LtxFileInfo f, TreeMap<Integer, byte[]> pages, int[] commit)
      throws IOException {
    try (InputStream in = replica.openLtxFile(f.level(), f.minTxid(), f.maxTxid(), 0, 0)) {
      LtxDecoder decoder = LtxDecoder.open(in);
      LtxHeader h = decoder.header();
      for (LtxPage p = decoder.nextPage(); p != null; p = decoder.nextPage()) {
        pages.put(p.pgno(), p.data());
      }
      decoder.finish();
      commit[0] = h.commit();
      pages.tailMap(h.commit(), false).clear();
    }
  }

  private static byte[] write(TreeMap<Integer, byte[]> pages, int commit, Path out)
      throws IOException {
    int pageSize = pages.firstEntry().getValue().length;
    byte[] db = new byte[commit * pageSize];
    for (Map.Entry<Integer, byte[]> p : pages.entrySet()) {
      System.arraycopy(p.getValue(), 0, db, (p.getKey() - 1) * pageSize, pageSize);
    }
    Files.write(out, db);
    return db;
  }

  private static String hash(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private String officialRestore(FileReplicaClient replica, long txid) throws Exception {
    Path out = dir.resolve("official-" + txid + ".db");
    OfficialTools.Result r = OfficialTools.litestreamRestore("file://" + replica.root(), out, txid);
    assertThat(r.exitCode()).as("litestream restore -txid %d: %s", txid, r.output()).isZero();
    return hash(Files.readAllBytes(out));
  }

  @FunctionalInterface
  private interface Step {
    void run() throws Exception;
  }

  private Thread loop(String name, long deadline, Step step) {
    return Thread.ofPlatform()
        .name(name)
        .start(
            () -> {
              try {
                while (System.nanoTime() < deadline) {
                  step.run();
                }
              } catch (Exception | AssertionError e) {
                failures.add(new AssertionError(name + ": " + e, e));
              }
            });
  }

  private static void appTransaction(Database db) throws Exception {
    db.write(
        c -> {
          try (Statement st = c.createStatement()) {
            for (String s : AuditedWrites.transaction(APP).split(";")) {
              st.executeUpdate(s);
            }
          }
          return null;
        });
    Thread.sleep(ThreadLocalRandom.current().nextInt(5)); // pacing, not synchronisation
  }

  /**
   * One {@code sqlite3} process writing a few transactions (which must succeed), and sometimes
   * another checkpointing or vacuuming (which may find the database busy).
   */
  private static void cliRound(Path db) throws Exception {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    StringBuilder script = new StringBuilder(".timeout 10000\nPRAGMA wal_autocheckpoint = 30;\n");
    for (int i = r.nextInt(1, 4); i > 0; i--) {
      script.append("BEGIN IMMEDIATE;").append(AuditedWrites.transaction(CLI)).append("COMMIT;\n");
    }
    script.append("SELECT count(*) FROM log;\n");
    OfficialTools.Result result = sqlite3(db, "-bail", script.toString());
    if (result.exitCode() != 0) {
      throw new IOException("sqlite3 failed: " + result.output());
    }
    switch (r.nextInt(12)) {
      case 0 -> sqlite3(db, "-batch", ".timeout 2000\nPRAGMA wal_checkpoint(PASSIVE);\n");
      case 1 -> sqlite3(db, "-batch", ".timeout 200\nPRAGMA wal_checkpoint(TRUNCATE);\n");
      case 2 -> sqlite3(db, "-batch", ".timeout 10000\nVACUUM;\n");
      default -> {}
    }
  }

  private static OfficialTools.Result sqlite3(Path db, String mode, String script)
      throws Exception {
    return OfficialTools.run(
        List.of(OfficialTools.systemTool("sqlite3").toString(), mode, db.toString()),
        Map.of(),
        script.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        null);
  }

  private static void snapshotSoon(Store store) throws Exception {
    Thread.sleep(ThreadLocalRandom.current().nextInt(300, 900));
    store.snapshotNow();
  }

  private Process secondJvm(Path db) throws IOException {
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            AuditedWrites.class.getName(),
            db.toString(),
            String.valueOf(SECONDS),
            String.valueOf(JVM))
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("second-jvm.log").toFile())
        .start();
  }

  private String output(Process p) throws IOException {
    return Files.readString(dir.resolve("second-jvm.log"));
  }
}
