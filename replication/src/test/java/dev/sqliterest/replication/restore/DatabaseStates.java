package dev.sqliterest.replication.restore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A real SQLite database driven through a series of transactions; the file image after each one is
 * kept as the expected state of that TXID (index 0 = empty, before TXID 1).
 */
final class DatabaseStates {

  static final int PAGE_SIZE = 4096;

  private final List<byte[]> images = new ArrayList<>();

  /**
   * Builds {@code txids} states: TXID 1 creates the table; later ones insert, update, delete; the
   * TXID {@code vacuumAt} (if > 0) deletes most rows and VACUUMs, shrinking the file.
   */
  static DatabaseStates build(Path dir, int txids, int vacuumAt) throws Exception {
    DatabaseStates s = new DatabaseStates();
    s.images.add(new byte[0]);
    Path db = dir.resolve("states.db");
    Random rnd = new Random(42);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      try (Statement st = c.createStatement()) {
        st.execute("PRAGMA page_size=" + PAGE_SIZE);
        st.execute("PRAGMA journal_mode=DELETE");
        st.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, k TEXT, v BLOB)");
        st.execute("CREATE INDEX t_k ON t(k)");
      }
      s.images.add(Files.readAllBytes(db));
      for (int txid = 2; txid <= txids; txid++) {
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
          if (txid == vacuumAt) {
            st.execute("DELETE FROM t WHERE id % 5 != 0");
          } else {
            insert(c, rnd, 40 + rnd.nextInt(40));
            st.execute("UPDATE t SET k = k || 'u' WHERE id % 7 = " + (txid % 7));
            st.execute("DELETE FROM t WHERE id % 11 = " + (txid % 11) + " AND id < " + (txid * 20));
          }
        }
        c.commit();
        c.setAutoCommit(true);
        if (txid == vacuumAt) {
          try (Statement st = c.createStatement()) {
            st.execute("VACUUM");
          }
        }
        s.images.add(Files.readAllBytes(db));
      }
    }
    return s;
  }

  private static void insert(Connection c, Random rnd, int rows) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO t(k, v) VALUES (?, ?)")) {
      for (int i = 0; i < rows; i++) {
        byte[] v = new byte[50 + rnd.nextInt(400)];
        rnd.nextBytes(v);
        ps.setString(1, Long.toHexString(rnd.nextLong()));
        ps.setBytes(2, v);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** The database file after {@code txid}. */
  byte[] image(long txid) {
    return images.get((int) txid);
  }

  int lastTxid() {
    return images.size() - 1;
  }

  static int pages(byte[] image) {
    return image.length / PAGE_SIZE;
  }
}
