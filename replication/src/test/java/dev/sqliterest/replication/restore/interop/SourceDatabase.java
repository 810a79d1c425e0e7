package dev.sqliterest.replication.restore.interop;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * A WAL-mode SQLite database written through sqlite-jdbc while an official Litestream replicates
 * it, and the {@code .dump}-equivalent content used to compare restores with it.
 */
final class SourceDatabase implements AutoCloseable {

  private final Connection c;
  private final Random rnd = new Random(7);

  SourceDatabase(Path path) throws SQLException {
    c = DriverManager.getConnection("jdbc:sqlite:" + path);
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA journal_mode=WAL");
      s.execute("PRAGMA busy_timeout=10000");
      s.execute("CREATE TABLE IF NOT EXISTS items(id INTEGER PRIMARY KEY, name TEXT, body BLOB)");
      s.execute("CREATE INDEX IF NOT EXISTS items_name ON items(name)");
    }
  }

  /** One transaction: inserts {@code rows}, updates and deletes a few. */
  void transaction(int rows, int bodyBytes) throws SQLException {
    c.setAutoCommit(false);
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO items(name, body) VALUES (?, ?)")) {
      for (int i = 0; i < rows; i++) {
        byte[] body = new byte[bodyBytes];
        rnd.nextBytes(body);
        ps.setString(1, Long.toHexString(rnd.nextLong()));
        ps.setBytes(2, body);
        ps.addBatch();
      }
      ps.executeBatch();
    }
    try (Statement s = c.createStatement()) {
      s.execute("UPDATE items SET name = name || 'x' WHERE id % 13 = " + rnd.nextInt(13));
      s.execute("DELETE FROM items WHERE id % 17 = " + rnd.nextInt(17));
    }
    c.commit();
    c.setAutoCommit(true);
  }

  @Override
  public void close() throws SQLException {
    c.close();
  }

  /** Every user table's rows in rowid order, plus the schema: what {@code .dump} would show. */
  static List<String> dump(Path db) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = conn.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rs =
          s.executeQuery("SELECT type, name, sql FROM sqlite_schema ORDER BY type, name")) {
        while (rs.next()) {
          out.add(rs.getString(1) + " " + rs.getString(2) + ": " + rs.getString(3));
          if (rs.getString(1).equals("table") && !rs.getString(2).startsWith("sqlite_")) {
            tables.add(rs.getString(2));
          }
        }
      }
      for (String t : tables) {
        try (ResultSet rs = s.executeQuery("SELECT * FROM \"" + t + "\" ORDER BY rowid")) {
          int n = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            StringBuilder row = new StringBuilder(t).append('|');
            for (int i = 1; i <= n; i++) {
              Object v = rs.getObject(i);
              row.append(
                      v instanceof byte[] b
                          ? "x'" + HexFormat.of().formatHex(b) + "'"
                          : String.valueOf(v))
                  .append('|');
            }
            out.add(row.toString());
          }
        }
      }
    }
    return out;
  }

  static String integrityCheck(Path db) throws SQLException {
    try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = conn.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
