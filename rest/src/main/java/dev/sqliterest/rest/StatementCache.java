package dev.sqliterest.rest;

import dev.sqliterest.rest.sql.SqlStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prepared statements kept open per connection, so that a repeated query shape skips SQLite's parse
 * and plan. For the JSON-building selects preparing costs more than running them: under GET-by-key
 * load a profile showed more native time in {@code sqlite3_prepare} than in {@code sqlite3_step}
 * (docs/PERFORMANCE.md, HTTP load).
 *
 * <p>The pool lends a connection to one thread at a time, so each connection's statements live in a
 * plain access-ordered map; beyond {@link #PER_CONNECTION} the least recently used one is closed.
 * After a schema change SQLite re-prepares a cached statement by itself ({@code
 * sqlite3_prepare_v2}). A statement whose execution failed is closed and forgotten, so a cached
 * statement is never left in an error state. The connections belong to one {@code Database} and
 * close with it, which finalises their statements.
 */
final class StatementCache {

  /** Statements kept per connection: more distinct query shapes than a typical client sends. */
  static final int PER_CONNECTION = 64;

  /** Reads the result of a query; the result set is closed afterwards. */
  @FunctionalInterface
  interface RowsWork<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private final Map<Connection, Map<String, PreparedStatement>> byConnection =
      new ConcurrentHashMap<>();

  /** Runs {@code statement} as a query on {@code connection} and hands its rows to {@code work}. */
  <T> T query(Connection connection, SqlStatement statement, RowsWork<T> work) throws SQLException {
    return query(connection, statement.sql(), statement.params(), work);
  }

  <T> T query(Connection connection, String sql, List<Object> params, RowsWork<T> work)
      throws SQLException {
    Map<String, PreparedStatement> statements = statementsOf(connection);
    PreparedStatement ps = prepared(connection, statements, sql);
    try {
      Statements.bind(ps, params, 1);
      try (ResultSet rs = ps.executeQuery()) {
        return work.read(rs);
      }
    } catch (SQLException | RuntimeException e) {
      statements.remove(sql);
      closeQuietly(ps, e);
      throw e;
    }
  }

  /** Binds the parameters of a statement about to run. */
  @FunctionalInterface
  interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  /** Runs {@code sql} as an update on {@code connection}; returns the rows it changed. */
  int update(Connection connection, String sql, Binder binder) throws SQLException {
    Map<String, PreparedStatement> statements = statementsOf(connection);
    PreparedStatement ps = prepared(connection, statements, sql);
    try {
      binder.bind(ps);
      return ps.executeUpdate();
    } catch (SQLException | RuntimeException e) {
      statements.remove(sql);
      closeQuietly(ps, e);
      throw e;
    }
  }

  private Map<String, PreparedStatement> statementsOf(Connection connection) {
    return byConnection.computeIfAbsent(connection, c -> new Lru());
  }

  /** The cached statement for {@code sql}, prepared now if there is none. */
  private static PreparedStatement prepared(
      Connection connection, Map<String, PreparedStatement> statements, String sql)
      throws SQLException {
    PreparedStatement ps = statements.get(sql);
    if (ps == null) {
      ps = connection.prepareStatement(sql);
      statements.put(sql, ps);
    }
    return ps;
  }

  /** Statements prepared on {@code connection} and still open (tests). */
  int size(Connection connection) {
    Map<String, PreparedStatement> statements = byConnection.get(connection);
    return statements == null ? 0 : statements.size();
  }

  private static void closeQuietly(PreparedStatement ps, Exception failure) {
    try {
      ps.close();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }

  /** One connection's statements, least recently used first. */
  private static final class Lru extends LinkedHashMap<String, PreparedStatement> {

    Lru() {
      super(16, 0.75f, true);
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
      if (size() <= PER_CONNECTION) {
        return false;
      }
      try {
        eldest.getValue().close();
      } catch (SQLException e) {
        // closing a statement of an open connection only finalises it; nothing can be lost
        throw new IllegalStateException("close an evicted statement: " + e.getMessage(), e);
      }
      return true;
    }
  }
}
