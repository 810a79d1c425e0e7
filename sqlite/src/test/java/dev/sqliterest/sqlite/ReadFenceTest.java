package dev.sqliterest.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ReadFenceTest {

  @TempDir Path dir;

  @Test
  void hold_foreignCheckpointCannotBackfillOrRestartPastTheFence() throws Exception {
    try (Database db = open("fence.db");
        ReadFence fence = db.openReadFence()) {
      insert(db, 5);
      fence.hold();
      insert(db, 20);
      long sizeBefore = db.files().wal().size();
      int seqBefore = checkpointSeq(db);
      try (Connection foreign = DriverManager.getConnection("jdbc:sqlite:" + db.path());
          Statement st = foreign.createStatement();
          ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
        rs.next();
        assertThat(rs.getInt(3)).as("frames backfilled").isLessThan(rs.getInt(2));
      }
      insert(db, 1);
      assertThat(checkpointSeq(db)).as("no restart while fenced").isEqualTo(seqBefore);
      assertThat(db.files().wal().size()).isGreaterThan(sizeBefore);
    }
  }

  @Test
  void checkpoint_releasesTheFenceAndBackfillsEverything() throws Exception {
    try (Database db = open("ckpt.db");
        ReadFence fence = db.openReadFence()) {
      insert(db, 10);
      fence.hold();
      CheckpointResult result = fence.checkpoint(CheckpointMode.PASSIVE);
      assertThat(fence.isHeld()).isFalse();
      assertThat(result.complete()).isTrue();
      assertThat(result.logFrames()).isPositive();
      int seq = checkpointSeq(db);
      insert(db, 1); // the next writer restarts the fully backfilled WAL
      assertThat(checkpointSeq(db)).isEqualTo(seq + 1);
      CheckpointResult truncate = fence.checkpoint(CheckpointMode.TRUNCATE);
      assertThat(truncate.complete()).isTrue();
      assertThat(db.files().wal().size()).isZero();
    }
  }

  @Test
  void openReadFence_readOnlyDatabase_fails() throws Exception {
    open("ro.db").close();
    try (Database ro =
        Database.open(DatabaseOptions.defaults(dir.resolve("ro.db")).withReadOnly(true))) {
      assertThatThrownBy(ro::openReadFence).hasMessageContaining("read-only");
    }
  }

  private Database open(String name) throws SQLException {
    Database db =
        Database.open(
            DatabaseOptions.defaults(dir.resolve(name)).withCreate(true).withAutocheckpoint(false));
    db.write(c -> c.createStatement().executeUpdate("CREATE TABLE IF NOT EXISTS t(v BLOB)"));
    return db;
  }

  private static void insert(Database db, int rows) throws SQLException {
    for (int i = 0; i < rows; i++) {
      db.write(c -> c.createStatement().executeUpdate("INSERT INTO t VALUES (randomblob(3000))"));
    }
  }

  private static int checkpointSeq(Database db) throws Exception {
    byte[] header = new byte[16];
    db.files().wal().readFully(header, 0, 16, 0);
    return ByteBuffer.wrap(header).getInt(12);
  }
}
