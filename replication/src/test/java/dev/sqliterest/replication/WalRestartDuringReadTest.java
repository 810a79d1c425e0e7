package dev.sqliterest.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sqliterest.ltx.LtxHeader;
import dev.sqliterest.replication.wal.WalReader;
import dev.sqliterest.sqlite.CheckpointMode;
import dev.sqliterest.sqlite.CheckpointResult;
import dev.sqliterest.sqlite.Database;
import dev.sqliterest.testing.OfficialTools;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A WAL restart while the engine reads frames of the generation being restarted. When every frame
 * is backfilled as the read fence begins, the fence reads the database file alone (SQLite's
 * read-lock 0), and such a reader does not keep a writer from restarting the WAL and overwriting
 * its first frames. A snapshot that read those frames would hold pages of the new generation's
 * transactions and restore to a corrupt database: that file must never be published.
 */
final class WalRestartDuringReadTest {

  @TempDir Path dir;
  private Database db;
  private ReplicatedDatabase replicated;

  @BeforeEach
  void open() throws Exception {
    db = TestDatabase.open(dir.resolve("app.db"));
    TestDatabase.insert(db, 1, 40); // ~20 frames in the current WAL generation
  }

  @AfterEach
  void close() throws SQLException {
    if (replicated != null) {
      replicated.close();
    }
    db.close();
  }

  /** Our own complete checkpoint: the snapshot reads the generation from the database file. */
  @Test
  void snapshotAfterOwnCheckpoint_walRestartedWhileItReads_holdsTheStateAtItsTxid()
      throws Exception {
    startReplicating();
    CheckpointResult ckpt = replicated.checkpoint(CheckpointMode.PASSIVE);
    assertThat(ckpt.busy()).isFalse();
    assertThat(ckpt.checkpointedFrames()).isEqualTo(ckpt.logFrames()); // every frame backfilled

    Attempts attempts = snapshotWithRestartDuringFirstAttempt();

    assertThat(attempts.failures).as("read from the database file: nothing to retry").isEmpty();
    assertThat(attempts.header.maxTxid()).isEqualTo(attempts.txidBefore);
    assertThat(restore(attempts)).isEqualTo(attempts.stateBefore);
  }

  /**
   * Another process's complete checkpoint: the snapshot reads the frames from the WAL, sees the
   * restart afterwards, discards what it wrote and reads the new generation.
   */
  @Test
  void snapshotAfterForeignCheckpoint_walRestartedWhileItReads_isWrittenAgain() throws Exception {
    OfficialTools.Result cli =
        OfficialTools.run(
            List.of(
                OfficialTools.systemTool("sqlite3").toString(),
                "-bail",
                dir.resolve("app.db").toString()),
            Map.of(),
            "PRAGMA wal_checkpoint(PASSIVE);\n".getBytes(StandardCharsets.UTF_8),
            null);
    assertThat(cli.exitCode()).as(cli.output()).isZero();
    assertThat(cli.output()).as("busy|log|checkpointed").matches("0\\|(\\d+)\\|\\1\\s*");
    startReplicating(); // the fence begins on a fully backfilled WAL

    Attempts attempts = snapshotWithRestartDuringFirstAttempt();

    assertThat(restore(attempts)).isEqualTo(db.read(ReplicaImage::dump));
    // detected, not lucky: the first attempt saw the restart, the retry synced the new commit
    assertThat(attempts.failures).containsExactly(WalRestartedException.class);
    assertThat(attempts.header.maxTxid()).isEqualTo(attempts.txidBefore + 1);
  }

  private void startReplicating() throws Exception {
    replicated = TestDatabase.replicate(db, ReplicationOptions.defaults());
  }

  private record Attempts(
      LtxHeader header,
      byte[] bytes,
      List<Class<?>> failures,
      long txidBefore,
      List<String> stateBefore) {}

  /**
   * As the Snapshotter does: a snapshot that saw the WAL restart is discarded and written again.
   */
  private Attempts snapshotWithRestartDuringFirstAttempt() throws Exception {
    long txid = replicated.localTxid();
    List<String> atTxid = db.read(ReplicaImage::dump);
    long walSalt = walSalt1();
    List<Class<?>> failures = new ArrayList<>();
    ByteArrayOutputStream[] bytes = new ByteArrayOutputStream[1];
    LtxHeader header =
        WalRestartedException.retrying(
            () -> {
              boolean first = bytes[0] == null;
              bytes[0] = new ByteArrayOutputStream();
              try {
                return replicated.writeSnapshot(first ? restartOnFirstWrite(bytes[0]) : bytes[0]);
              } catch (IOException e) {
                failures.add(e.getClass());
                throw e;
              }
            });
    assertThat(walSalt1()).as("the WAL restarted during the snapshot").isNotEqualTo(walSalt);
    return new Attempts(header, bytes[0].toByteArray(), failures, txid, atTxid);
  }

  private List<String> restore(Attempts attempts) throws Exception {
    MemoryReplicaClient replica = new MemoryReplicaClient();
    replica.writeLtxFile(
        CompactionLevel.SNAPSHOT_LEVEL,
        1,
        attempts.header.maxTxid(),
        new ByteArrayInputStream(attempts.bytes));
    Path restored = dir.resolve("restored.db");
    ReplicaImage.restore(replica, restored);
    assertThat(ReplicaImage.integrityCheck(restored)).isEqualTo("ok");
    return ReplicaImage.dump(restored);
  }

  /** Passes bytes to {@code out}; before the first, commits a transaction that restarts the WAL. */
  private OutputStream restartOnFirstWrite(OutputStream out) {
    return new OutputStream() {
      private boolean restarted;

      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        if (!restarted) {
          restarted = true;
          try {
            // the application's next commit: restarts the WAL over the frames being read
            TestDatabase.insert(db, 1000, 1100);
          } catch (SQLException e) {
            throw new IOException(e);
          }
        }
        out.write(b, off, len);
      }
    };
  }

  private long walSalt1() throws IOException {
    return WalReader.readHeader(db.files().wal()).orElseThrow().salt1();
  }
}
