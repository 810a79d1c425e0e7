package dev.sqliterest.server.migrate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The state table {@code __sqlite_rest_migrations}, laid out exactly as golang-migrate's sqlite3
 * driver creates it (same DDL text, so {@code sqlite_schema} looks the same whichever tool made
 * it): one row {@code (version uint64, dirty bool)}, no row meaning "nothing applied", {@code
 * dirty} stored as integer 0/1 (what mattn/go-sqlite3 binds for a Go bool).
 */
final class MigrationTable {

  static final String NAME = "__sqlite_rest_migrations";

  private static final String CREATE =
      "CREATE TABLE IF NOT EXISTS " + NAME + " (version uint64,dirty bool)";
  private static final String CREATE_INDEX =
      "CREATE UNIQUE INDEX IF NOT EXISTS version_unique ON " + NAME + " (version)";

  private MigrationTable() {}

  static void ensure(Connection connection) throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.executeUpdate(CREATE);
      st.executeUpdate(CREATE_INDEX);
    }
  }

  static SchemaVersion read(Connection connection) throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("SELECT version, dirty FROM " + NAME + " LIMIT 1")) {
      if (!rs.next()) {
        return SchemaVersion.NONE;
      }
      return new SchemaVersion(rs.getLong(1), rs.getBoolean(2));
    }
  }

  /**
   * Replaces the row, as golang-migrate's {@code SetVersion}: the nil version is stored as no row,
   * except when dirty (a failed rollback of the first migration), which is kept as {@code -1}.
   */
  static void write(Connection connection, SchemaVersion state) throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.executeUpdate("DELETE FROM " + NAME);
    }
    if (state.version() >= 0 || state.dirty()) {
      try (PreparedStatement ps =
          connection.prepareStatement("INSERT INTO " + NAME + " (version, dirty) VALUES (?, ?)")) {
        ps.setLong(1, state.version());
        ps.setInt(2, state.dirty() ? 1 : 0);
        ps.executeUpdate();
      }
    }
  }
}
