package dev.sqliterest.ltx.interop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A real SQLite database (WAL mode, 4 KiB pages) put through eight transactions, with the
 * checkpointed database file captured after each: image k is the state at TXID k. Covers growth,
 * in-place updates, deletes and a VACUUM that shrinks the file.
 */
record DatabaseHistory(List<byte[]> images, long finalRowCount) {

  static final int PAGE_SIZE = 4096;

  private static final List<String> TRANSACTIONS =
      List.of(
          "CREATE TABLE t(id INTEGER PRIMARY KEY, body BLOB, note TEXT);"
              + "CREATE INDEX t_note ON t(note);"
              + "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 10)"
              + " INSERT INTO t(body, note) SELECT randomblob(500), 'row ' || i FROM n",
          "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 60)"
              + " INSERT INTO t(body, note) SELECT randomblob(1000), hex(randomblob(20)) FROM n",
          "UPDATE t SET body = randomblob(300) WHERE id % 4 = 0",
          "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 30)"
              + " INSERT INTO t(body, note) SELECT zeroblob(700), printf('%08d', i) FROM n",
          "DELETE FROM t WHERE id % 2 = 0",
          "VACUUM",
          "INSERT INTO t(body, note) VALUES (x'00112233', 'after vacuum'), (randomblob(3000), 'big')",
          "UPDATE t SET note = 'last' WHERE id = 1");

  static DatabaseHistory build(Path db) throws Exception {
    List<byte[]> images = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      s.execute("PRAGMA page_size = " + PAGE_SIZE);
      s.execute("PRAGMA journal_mode = WAL");
      s.execute("PRAGMA wal_autocheckpoint = 0");
      for (String tx : TRANSACTIONS) {
        s.executeUpdate(tx);
        checkpoint(s);
        images.add(Files.readAllBytes(db));
      }
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM t")) {
        rs.next();
        return new DatabaseHistory(List.copyOf(images), rs.getLong(1));
      }
    }
  }

  private static void checkpoint(Statement s) throws SQLException {
    try (ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
      rs.next();
      if (rs.getInt(1) != 0) {
        throw new SQLException("checkpoint busy");
      }
    }
  }

  /** The database image at TXID {@code txid} (1-based). */
  byte[] image(int txid) {
    return images.get(txid - 1);
  }

  int lastTxid() {
    return images.size();
  }

  /** {@code PRAGMA integrity_check} of a database file. */
  static String integrityCheck(Path db) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db + "?open_mode=1");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
