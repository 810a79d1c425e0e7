package dev.sqliterest.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sqliterest.rest.sql.SqlStatement;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class StatementCacheTest {

  @TempDir Path dir;
  @AutoClose Connection connection;
  final StatementCache cache = new StatementCache();

  @BeforeEach
  void open() throws SQLException {
    connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.db"));
    run(connection, "CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT)");
    run(connection, "INSERT INTO t VALUES (1, 'one'), (2, 'two')");
  }

  private static void run(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.executeUpdate(sql);
    }
  }

  private List<String> names(String sql, Object... params) throws SQLException {
    return cache.query(
        connection,
        new SqlStatement(sql, List.of(params)),
        rs -> {
          List<String> names = new ArrayList<>();
          while (rs.next()) {
            names.add(rs.getString(1));
          }
          return names;
        });
  }

  @Test
  void aRepeatedQueryReusesItsStatementWithNewValues() throws SQLException {
    assertThat(names("SELECT name FROM t WHERE id = ?", 1L)).containsExactly("one");
    assertThat(names("SELECT name FROM t WHERE id = ?", 2L)).containsExactly("two");
    assertThat(names("SELECT name FROM t WHERE id = ?", 3L)).isEmpty();
    assertThat(cache.size(connection)).isEqualTo(1);
  }

  @Test
  void aCachedStatementSeesChangesMadeByAnotherConnection() throws SQLException {
    assertThat(names("SELECT name FROM t ORDER BY id")).containsExactly("one", "two");
    try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.db"))) {
      run(other, "ALTER TABLE t ADD COLUMN extra TEXT"); // schema change: SQLite re-prepares
      run(other, "INSERT INTO t (id, name) VALUES (3, 'three')");
    }
    assertThat(names("SELECT name FROM t ORDER BY id")).containsExactly("one", "two", "three");
  }

  @Test
  void aStatementThatFailedIsClosedAndForgotten() throws SQLException {
    String sql = "SELECT json(?)";
    assertThatThrownBy(() -> names(sql, "{not json")).isInstanceOf(SQLException.class);
    assertThat(cache.size(connection)).isZero();
    assertThat(names(sql, "{\"a\":1}")).containsExactly("{\"a\":1}");
  }

  @Test
  void theLeastRecentlyUsedStatementsAreClosedBeyondTheBound() throws SQLException {
    for (int i = 0; i < StatementCache.PER_CONNECTION + 10; i++) {
      assertThat(names("SELECT name FROM t WHERE id = ? AND " + i + " = " + i, 1L))
          .containsExactly("one");
    }
    assertThat(cache.size(connection)).isEqualTo(StatementCache.PER_CONNECTION);
  }
}
