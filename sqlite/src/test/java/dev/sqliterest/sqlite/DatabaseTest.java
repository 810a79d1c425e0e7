package dev.sqliterest.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class DatabaseTest {

  @TempDir Path dir;

  @Test
  void open_missingFileWithoutCreate_fails() {
    assertThatThrownBy(() -> Database.open(DatabaseOptions.defaults(dir.resolve("nope.db"))))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void commits_countsCommittedWritesOnly_beforeTheListenersRun() throws Exception {
    try (Database db =
        Database.open(DatabaseOptions.defaults(dir.resolve("c.db")).withCreate(true))) {
      long[] seenByListener = {-1};
      db.addCommitListener(() -> seenByListener[0] = db.commits());
      assertThat(db.commits()).isZero();
      db.write(c -> c.createStatement().executeUpdate("CREATE TABLE t(id INTEGER PRIMARY KEY)"));
      assertThat(db.commits()).isEqualTo(1);
      assertThat(seenByListener[0]).isEqualTo(1);
      assertThatThrownBy(
              () ->
                  db.write(
                      c -> {
                        c.createStatement().executeUpdate("INSERT INTO t VALUES (1)");
                        throw new SQLException("rolled back");
                      }))
          .hasMessage("rolled back");
      db.withWriter(c -> c.createStatement().executeUpdate("INSERT INTO t VALUES (2)"));
      assertThat(db.commits()).as("a rollback and withWriter do not count").isEqualTo(1);
    }
  }

  @Test
  void write_thenRead_seesCommittedRow() throws Exception {
    try (Database db =
        Database.open(DatabaseOptions.defaults(dir.resolve("a.db")).withCreate(true))) {
      int[] commits = {0};
      db.addCommitListener(() -> commits[0]++);
      db.write(
          c -> {
            try (Statement st = c.createStatement()) {
              st.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
              return st.executeUpdate("INSERT INTO t(v) VALUES ('x')");
            }
          });
      long count =
          db.read(
              c -> {
                try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT count(*) FROM t")) {
                  rs.next();
                  return rs.getLong(1);
                }
              });
      assertThat(count).isEqualTo(1);
      assertThat(commits[0]).isEqualTo(1);
    }
  }

  @Test
  void write_throwing_rollsBack() throws Exception {
    try (Database db =
        Database.open(DatabaseOptions.defaults(dir.resolve("b.db")).withCreate(true))) {
      db.write(c -> c.createStatement().executeUpdate("CREATE TABLE t(id INTEGER PRIMARY KEY)"));
      assertThatThrownBy(
              () ->
                  db.write(
                      c -> {
                        c.createStatement().executeUpdate("INSERT INTO t VALUES (1)");
                        throw new SQLException("boom");
                      }))
          .hasMessage("boom");
      long count =
          db.read(
              c -> {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM t")) {
                  rs.next();
                  return rs.getLong(1);
                }
              });
      assertThat(count).isZero();
    }
  }

  @Test
  void lendReader_keepsOneReaderForReads_andClosingTwiceReturnsTheConnectionOnce()
      throws Exception {
    try (Database db =
        Database.open(DatabaseOptions.defaults(dir.resolve("lease.db")).withCreate(true))) {
      List<Database.ReadLease> leases = new ArrayList<>();
      for (int i = 0; i < 3; i++) { // 4 readers: 3 may be lent
        leases.add(db.lendReader());
      }
      CompletableFuture<Database.ReadLease> fourth = new CompletableFuture<>();
      Thread borrower =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      fourth.complete(db.lendReader());
                    } catch (Throwable e) {
                      fourth.completeExceptionally(e);
                    }
                  });
      while (borrower.getState() != Thread.State.WAITING) {
        assertThat(fourth).as("a fourth lease is refused while three are out").isNotDone();
        Thread.onSpinWait();
      }
      assertThat(selectNumber(db, 7)).isEqualTo(7);
      leases.getFirst().close();
      leases.getFirst().close(); // idempotent: the pool does not get the connection twice
      leases.set(0, fourth.get(30, TimeUnit.SECONDS));
      for (Database.ReadLease lease : leases) {
        lease.close();
      }
      assertThat(selectNumber(db, 8)).isEqualTo(8);
    }
  }

  @Test
  void readerConnection_rejectsWrites() throws Exception {
    try (Database db =
        Database.open(DatabaseOptions.defaults(dir.resolve("c.db")).withCreate(true))) {
      db.write(c -> c.createStatement().executeUpdate("CREATE TABLE t(id INTEGER PRIMARY KEY)"));
      assertThatThrownBy(
              () -> db.read(c -> c.createStatement().executeUpdate("INSERT INTO t VALUES (1)")))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("readonly");
    }
  }

  private static long selectNumber(Database db, int n) throws SQLException {
    return db.read(
        c -> {
          try (Statement st = c.createStatement();
              ResultSet rs = st.executeQuery("SELECT " + n)) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }
}
