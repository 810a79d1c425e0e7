package dev.sqliterest.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A follower's database changes page by page under its readers ({@link Database#updatePages}):
 * readers in this process and in another one ({@code sqlite3}) see each transaction whole or not at
 * all, and never a stale page cache.
 */
final class FollowerDatabaseTest {

  private static final int BATCH = 50;

  @TempDir Path dir;

  /** A primary in rollback mode whose file, after each transaction, is the image to follow. */
  private Path primary;

  private Path follower;

  private Path start() throws Exception {
    primary = dir.resolve("primary.db");
    follower = dir.resolve("follower.db");
    sql(primary, "CREATE TABLE t(id INTEGER PRIMARY KEY, batch INTEGER, v TEXT)");
    insertBatch(0);
    Files.copy(primary, follower);
    return follower;
  }

  @Test
  void updatePages_readersSeeTheNewPagesAtTheirNextRead() throws Exception {
    // one reader connection, so the read before the update fills the cache the one after uses
    try (Database db = Database.openFollower(DatabaseOptions.defaults(start()).withReaders(1))) {
      assertThat(count(db)).isEqualTo(BATCH); // page cache filled
      byte[] before = Files.readAllBytes(primary);
      sql(primary, "UPDATE t SET v = 'changed' WHERE id = 1");

      int written = db.updatePages(file -> copyChangedPages(before, file));

      assertThat(written).isPositive();
      assertThat(query(db, "SELECT v FROM t WHERE id = 1")).isEqualTo("changed");
      assertThat(query(db, "PRAGMA integrity_check")).isEqualTo("ok");
      assertThat(query(db, "PRAGMA journal_mode")).isEqualTo("delete");
    }
  }

  @Test
  void withoutTheHeaderChange_aCachedPageWouldBeServed() throws Exception {
    // the control for the test above: the same bytes written behind SQLite's back stay invisible
    try (Database db = Database.openFollower(DatabaseOptions.defaults(start()).withReaders(1))) {
      assertThat(query(db, "SELECT v FROM t WHERE id = 1")).isNotEqualTo("changed");
      byte[] before = Files.readAllBytes(primary);
      sql(primary, "UPDATE t SET v = 'changed' WHERE id = 1");
      byte[] after = Files.readAllBytes(primary);
      try (var raw = new java.io.RandomAccessFile(follower.toFile(), "rw")) {
        for (int p = 1; p < after.length / 4096; p++) { // page 1 (the header) left alone
          int off = p * 4096;
          if (!Arrays.equals(before, off, off + 4096, after, off, off + 4096)) {
            raw.seek(off);
            raw.write(after, off, 4096);
          }
        }
      }
      assertThat(query(db, "SELECT v FROM t WHERE id = 1")).isNotEqualTo("changed");
    }
  }

  @Test
  void concurrentReaders_hereAndInAnotherProcess_neverSeeHalfATransaction() throws Exception {
    try (Database db = Database.openFollower(DatabaseOptions.defaults(start()))) {
      AtomicBoolean stop = new AtomicBoolean();
      ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
      AtomicLong reads = new AtomicLong();
      List<Thread> readers = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        readers.add(
            Thread.ofVirtual()
                .start(
                    () -> {
                      while (!stop.get()) {
                        try {
                          long n = count(db);
                          reads.incrementAndGet();
                          if (n % BATCH != 0) {
                            wrong.add("count " + n);
                          }
                        } catch (SQLException e) {
                          wrong.add(e.toString());
                        }
                      }
                    }));
      }
      Path cliOut = dir.resolve("cli.out");
      Process cli = sqlite3Loop(follower, cliOut);
      while (Files.size(cliOut) == 0) {
        Thread.sleep(5); // the other process is reading before the first update
      }

      int batches = 20;
      for (int b = 1; b <= batches; b++) {
        byte[] before = Files.readAllBytes(primary);
        insertBatch(b);
        db.updatePages(file -> copyChangedPages(before, file, true));
      }
      stop.set(true);
      for (Thread t : readers) {
        t.join();
      }
      cli.destroy();
      cli.waitFor(10, TimeUnit.SECONDS);

      assertThat(wrong).isEmpty();
      assertThat(reads.get()).isGreaterThan(batches);
      assertThat(count(db)).isEqualTo((long) BATCH * (batches + 1));
      String out = Files.readString(cliOut, StandardCharsets.UTF_8);
      List<String> seen = out.substring(0, out.lastIndexOf('\n') + 1).lines().toList(); // whole
      assertThat(seen).as("sqlite3 output").allMatch(l -> l.matches("\\d+"));
      assertThat(seen).allMatch(l -> Long.parseLong(l) % BATCH == 0);
      assertThat(seen.stream().distinct().count()).as("states sqlite3 saw").isGreaterThan(1);
    }
  }

  @Test
  void failedUpdate_failsReadsUntilAnUpdateSucceeds() throws Exception {
    try (Database db = Database.openFollower(DatabaseOptions.defaults(start()))) {
      byte[] before = Files.readAllBytes(primary);
      insertBatch(1);

      assertThatThrownBy(
              () ->
                  db.updatePages(
                      file -> {
                        file.write(new byte[4096], 0, 4096, 4096); // half done
                        throw new IOException("disk full");
                      }))
          .hasMessage("disk full");
      assertThatThrownBy(() -> count(db)).hasMessageContaining("disk full");

      db.updatePages(file -> copyChangedPages(new byte[0], file)); // the whole image again
      assertThat(count(db)).isEqualTo(2L * BATCH);
      assertThat(before).isNotEmpty();
    }
  }

  @Test
  void startedEmpty_thenTheWholeImage_isServed() throws Exception {
    start();
    Files.delete(follower);
    Files.createFile(follower);
    try (Database db = Database.openFollower(DatabaseOptions.defaults(follower).withReaders(1))) {
      assertThat(query(db, "SELECT count(*) FROM sqlite_schema")).isEqualTo("0");
      db.updatePages(file -> copyChangedPages(new byte[0], file));
      assertThat(count(db)).isEqualTo(BATCH);
      assertThat(query(db, "PRAGMA journal_mode")).isEqualTo("delete");
    }
  }

  @Test
  void writes_andLeases_areRefused() throws Exception {
    try (Database db = Database.openFollower(DatabaseOptions.defaults(start()))) {
      assertThatThrownBy(() -> db.write(c -> c.createStatement().execute("DELETE FROM t")))
          .hasMessageContaining("follower");
      assertThatThrownBy(db::openReadFence).hasMessageContaining("follower");
      // a lease would outlive updatePages' lock: reads on a follower are only read(...)
      assertThatThrownBy(db::lendReader).hasMessageContaining("follower");
      assertThat(count(db)).isEqualTo(BATCH);
    }
  }

  @Test
  void openFollower_switchesAWalDatabaseToRollbackMode() throws Exception {
    Path wal = dir.resolve("wal.db");
    try (Database primaryDb = Database.open(DatabaseOptions.defaults(wal).withCreate(true))) {
      primaryDb.write(c -> c.createStatement().executeUpdate("CREATE TABLE t(id INTEGER)"));
    }
    assertThat(Files.readAllBytes(wal)[18]).isEqualTo((byte) 2);
    try (Database db = Database.openFollower(DatabaseOptions.defaults(wal))) {
      assertThat(query(db, "PRAGMA journal_mode")).isEqualTo("delete");
    }
    assertThat(Files.exists(dir.resolve("wal.db-wal"))).isFalse();
  }

  /** Writes every page of the primary that differs from {@code before}; sets the size. */
  private int copyChangedPages(byte[] before, WritableFile file) throws IOException {
    return copyChangedPages(before, file, false);
  }

  /** With {@code slowly}, pauses after each page, so a reader let in too early would see it. */
  private int copyChangedPages(byte[] before, WritableFile file, boolean slowly)
      throws IOException {
    byte[] after = Files.readAllBytes(primary);
    int ps = 4096;
    int n = 0;
    for (int off = 0; off < after.length; off += ps) {
      if (off + ps > before.length || !Arrays.equals(before, off, off + ps, after, off, off + ps)) {
        file.write(after, off, ps, off);
        n++;
        if (slowly) {
          LockSupport.parkNanos(200_000);
        }
      }
    }
    file.setSize(after.length);
    return n;
  }

  private void insertBatch(int batch) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + primary);
        Statement st = c.createStatement()) {
      st.execute("BEGIN");
      for (int i = 0; i < BATCH; i++) {
        st.execute("INSERT INTO t(batch, v) VALUES (" + batch + ", '" + "x".repeat(200) + i + "')");
      }
      st.execute("COMMIT");
    }
  }

  private static void sql(Path db, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  private static long count(Database db) throws SQLException {
    return Long.parseLong(query(db, "SELECT count(*) FROM t"));
  }

  private static String query(Database db, String sql) throws SQLException {
    return db.read(
        c -> {
          try (Statement st = c.createStatement();
              ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
          }
        });
  }

  /** {@code sqlite3} reading the count again and again (another process, its own locks). */
  private static Process sqlite3Loop(Path db, Path out) throws IOException {
    StringBuilder script = new StringBuilder(".timeout 10000\n");
    for (int i = 0; i < 200_000; i++) {
      script.append("SELECT count(*) FROM t;\n");
    }
    Path input = Files.writeString(out.resolveSibling("cli.sql"), script);
    return new ProcessBuilder("sqlite3", "-readonly", db.toString())
        .redirectInput(input.toFile())
        .redirectOutput(out.toFile())
        .redirectErrorStream(true)
        .start();
  }
}
