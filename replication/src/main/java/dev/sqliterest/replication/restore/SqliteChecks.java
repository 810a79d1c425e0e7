package dev.sqliterest.replication.restore;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The two things restore asks SQLite itself to do, through plain JDBC on a private connection:
 * verify a database ({@code PRAGMA integrity_check}/{@code quick_check}) and checkpoint a WAL into
 * it ({@code PRAGMA wal_checkpoint(TRUNCATE)}).
 */
final class SqliteChecks {

  private SqliteChecks() {}

  private static Connection open(Path db) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
  }

  /** Runs the check; throws with SQLite's first messages unless it reports {@code ok}. */
  static void check(Path db, IntegrityCheck mode) throws RestoreException {
    if (mode == IntegrityCheck.NONE) {
      return;
    }
    List<String> problems = new ArrayList<>();
    try (Connection c = open(db);
        Statement s = c.createStatement()) {
      // 8 MiB of page cache instead of SQLite's 2 MiB: the check revisits pages, and with the
      // default it reads many again from the file (a third less CPU on 260 MiB,
      // docs/PERFORMANCE.md)
      s.execute("PRAGMA cache_size=-8192");
      try (ResultSet rs = s.executeQuery("PRAGMA " + mode.pragma())) {
        while (rs.next() && problems.size() < 5) {
          problems.add(rs.getString(1));
        }
      }
    } catch (SQLException e) {
      throw new RestoreException("post-restore " + mode.pragma() + " failed: " + e.getMessage(), e);
    }
    if (!problems.equals(List.of("ok"))) {
      throw new RestoreException(
          "post-restore " + mode.pragma() + " failed: " + String.join("; ", problems));
    }
  }

  /**
   * Checkpoints {@code db}'s {@code -wal} into it and truncates the WAL.
   *
   * @return the number of WAL frames SQLite accepted (valid, committed frames)
   */
  static long checkpoint(Path db) throws RestoreException {
    try (Connection c = open(db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
      if (!rs.next()) {
        throw new RestoreException("wal_checkpoint returned no row for " + db);
      }
      int busy = rs.getInt(1);
      long log = rs.getLong(2);
      long done = rs.getLong(3);
      if (busy != 0 || done != log) {
        throw new RestoreException(
            "checkpoint of "
                + db
                + " incomplete: busy="
                + busy
                + " log="
                + log
                + " checkpointed="
                + done);
      }
      return log;
    } catch (SQLException e) {
      throw new RestoreException("checkpoint wal into " + db + ": " + e.getMessage(), e);
    }
  }
}
