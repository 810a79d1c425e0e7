package dev.sqliterest.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class LiveFilesTest {

  @TempDir Path dir;

  private Database open() throws SQLException {
    Database db = Database.open(DatabaseOptions.defaults(dir.resolve("live.db")).withCreate(true));
    db.write(c -> c.createStatement().executeUpdate("CREATE TABLE t(v)"));
    return db;
  }

  @Test
  void readsTheDatabaseHeaderAndTheWal() throws Exception {
    try (Database db = open()) {
      byte[] magic = new byte[16];
      db.files().database().readFully(magic, 0, 16, 0);
      assertThat(new String(magic, 0, 15, StandardCharsets.US_ASCII)).isEqualTo("SQLite format 3");
      assertThat(db.files().wal().size()).as("the CREATE TABLE is in the WAL").isPositive();
      assertThat(db.files().wal().path()).isEqualTo(db.walPath());
    }
  }

  @Test
  void aReadOnAnInterruptedThread_leavesTheDescriptorOpen() throws Exception {
    try (Database db = open()) {
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread t =
          new Thread(
              () -> {
                Thread.currentThread().interrupt();
                try {
                  db.files().database().readFully(new byte[100], 0, 100, 0);
                } catch (Throwable e) {
                  failure.set(e);
                }
              });
      t.start();
      t.join();
      assertThat(failure.get()).isNull();
      assertThat(db.files().database().size()).isPositive(); // still open for everyone else
    }
  }

  @Test
  void close_closesReadFencesThenConnectionsThenTheFiles() throws Exception {
    Database db = open();
    ReadFence fence = db.openReadFence();
    fence.hold();
    db.close();
    assertThat(fence.isHeld()).as("the fence was released by Database.close").isFalse();
    assertThatThrownBy(() -> db.files().database().size()).hasMessageContaining("closed");
    fence.close(); // idempotent after the database closed it
  }
}
