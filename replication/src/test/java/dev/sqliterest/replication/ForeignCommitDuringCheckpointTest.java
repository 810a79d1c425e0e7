package dev.sqliterest.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sqliterest.replication.wal.WalReader;
import dev.sqliterest.sqlite.CheckpointMode;
import dev.sqliterest.sqlite.CheckpointResult;
import dev.sqliterest.sqlite.Database;
import dev.sqliterest.testing.OfficialTools;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another process commits to the WAL generation the engine is checkpointing, while the read fence
 * is released for that checkpoint. The checkpoint counts only the frames it saw when it began, so
 * it looks complete; the other process then backfills its own frames and restarts the WAL.
 * Continuing incrementally from the new generation would skip that commit: the local chain would
 * restore to a state that never existed (found by {@code ReplicaHistoryTest} as a corrupt replica
 * state).
 */
final class ForeignCommitDuringCheckpointTest {

  @TempDir Path dir;
  private Database db;
  private ReplicatedDatabase replicated;
  private Process reader;

  @AfterEach
  void close() throws Exception {
    if (reader != null) {
      reader.destroyForcibly().waitFor();
    }
    if (replicated != null) {
      replicated.close();
    }
    db.close();
  }

  @Test
  void commitHiddenFromOwnCheckpoint_thenRestartedByAnotherProcess_isInTheChain() throws Exception {
    Path file = startWithForeignReader();
    long saltBefore = walSalt1();
    raceInsideOwnCheckpoint(
        file,
        "PRAGMA wal_checkpoint(PASSIVE);\nINSERT INTO t(id, v) VALUES (5002, randomblob(1500));");

    CheckpointResult own = replicated.checkpoint(CheckpointMode.PASSIVE);

    assertThat(own.busy()).isFalse();
    replicated.sync();
    assertChainRestoresTo(db.read(ReplicaImage::dump));
    // Before the fence handoff, the other process's checkpoint backfilled its commit and its next
    // commit restarted the WAL; now the handoff fence keeps both from happening.
    assertThat(walSalt1()).as("the WAL was not restarted past 5001").isEqualTo(saltBefore);
  }

  /**
   * The other process truncates the WAL instead: the engine then finds no WAL at all, and a
   * snapshot read the database file (holding the other process's commit) as the state at the last
   * TXID.
   */
  @Test
  void commitHiddenFromOwnCheckpoint_thenTruncatedByAnotherProcess_isInTheSnapshotsTxid()
      throws Exception {
    Path file = startWithForeignReader();
    // a short wait: its TRUNCATE cannot finish while the engine holds a fence on the WAL
    raceInsideOwnCheckpoint(file, ".timeout 300\nPRAGMA wal_checkpoint(TRUNCATE);");

    replicated.checkpoint(CheckpointMode.PASSIVE);
    java.io.ByteArrayOutputStream snapshot = new java.io.ByteArrayOutputStream();
    long snapshotTxid =
        WalRestartedException.retrying(
                () -> {
                  snapshot.reset();
                  return replicated.writeSnapshot(snapshot);
                })
            .maxTxid();

    List<String> primary = db.read(ReplicaImage::dump);
    assertThat(snapshotTxid)
        .as("the snapshot is at the local TXID")
        .isEqualTo(replicated.localTxid());
    assertChainRestoresTo(primary); // the chain up to the snapshot's TXID holds 5001 too
    MemoryReplicaClient snapshotOnly = new MemoryReplicaClient();
    snapshotOnly.writeLtxFile(
        CompactionLevel.SNAPSHOT_LEVEL,
        1,
        snapshotTxid,
        new java.io.ByteArrayInputStream(snapshot.toByteArray()));
    Path restored = dir.resolve("snapshot.db");
    ReplicaImage.restore(snapshotOnly, restored);
    assertThat(ReplicaImage.dump(restored)).isEqualTo(primary);
  }

  /** Replicates t(1..40), then a {@code sqlite3} reader keeps the next writer from restarting. */
  private Path startWithForeignReader() throws Exception {
    Path file = dir.resolve("app.db");
    db = TestDatabase.open(file);
    TestDatabase.insert(db, 1, 40);
    replicated = TestDatabase.replicate(db, ReplicationOptions.defaults());
    reader = readTransaction(file);
    return file;
  }

  /**
   * While the engine's next checkpoint has its fence released: another process commits row 5001
   * (appended to the generation being checkpointed, as the reader blocks a restart), the reader
   * ends, and {@code then} runs in another {@code sqlite3} process.
   */
  private void raceInsideOwnCheckpoint(Path file, String then) {
    boolean[] raced = {false};
    replicated.whileFenceReleased(
        () -> {
          if (!raced[0]) {
            raced[0] = true;
            sqlite3(file, "INSERT INTO t(id, v) VALUES (5001, randomblob(1500));");
            endReadTransaction();
            sqlite3(file, then);
          }
        });
  }

  private void assertChainRestoresTo(List<String> primary) throws Exception {
    assertThat(primary).anyMatch(row -> row.contains("5001"));
    Path restored = dir.resolve("restored.db");
    ReplicaImage.restore(localChain(), restored);
    assertThat(ReplicaImage.integrityCheck(restored)).isEqualTo("ok");
    assertThat(ReplicaImage.dump(restored)).isEqualTo(primary);
  }

  /** The local L0 files as a replica holding level 0 only. */
  private MemoryReplicaClient localChain() throws IOException {
    MemoryReplicaClient chain = new MemoryReplicaClient();
    for (long txid : replicated.meta().l0Txids()) {
      try (var in = Files.newInputStream(replicated.meta().l0Path(txid))) {
        chain.writeLtxFile(0, txid, txid, in);
      }
    }
    return chain;
  }

  /** A {@code sqlite3} process holding a read transaction until {@link #endReadTransaction}. */
  private static Process readTransaction(Path file) throws IOException {
    Process p =
        new ProcessBuilder(
                OfficialTools.systemTool("sqlite3").toString(), "-batch", file.toString())
            .redirectErrorStream(true)
            .start();
    Writer in = new java.io.OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
    in.write("BEGIN;\nSELECT 'reading', count(*) FROM t;\n");
    in.flush();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine(); // printed once the read transaction holds its snapshot
    assertThat(line).startsWith("reading|");
    return p;
  }

  private void endReadTransaction() {
    try {
      Writer in = new java.io.OutputStreamWriter(reader.getOutputStream(), StandardCharsets.UTF_8);
      in.write("COMMIT;\n.quit\n");
      in.flush();
      assertThat(reader.waitFor(30, TimeUnit.SECONDS)).as("reader ended").isTrue();
      assertThat(reader.exitValue()).isZero();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void sqlite3(Path file, String script) {
    try {
      OfficialTools.Result r =
          OfficialTools.run(
              List.of(OfficialTools.systemTool("sqlite3").toString(), "-bail", file.toString()),
              Map.of(),
              (".timeout 10000\n" + script + "\n").getBytes(StandardCharsets.UTF_8),
              null);
      assertThat(r.exitCode()).as(r.output()).isZero();
    } catch (Exception e) {
      throw new IllegalStateException("sqlite3: " + e.getMessage(), e);
    }
  }

  private long walSalt1() throws IOException {
    return WalReader.readHeader(db.files().wal()).orElseThrow().salt1();
  }
}
