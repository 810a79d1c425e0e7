package dev.sqliterest.rest;

import dev.sqliterest.rest.plan.MutatePlan;
import dev.sqliterest.rest.response.RowWriter;
import dev.sqliterest.rest.schema.Column;
import dev.sqliterest.rest.sql.SqlCompiler;
import dev.sqliterest.rest.sql.SqlStatement;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Executes a {@link MutatePlan} on the writer connection, inside the caller's transaction. */
final class MutationRunner {

  /**
   * Rows per multi-row {@code INSERT … VALUES (…), (…)} statement. Inside a transaction SQLite
   * gives a statement that writes several rows a statement journal (a temporary file past 64 KiB),
   * so a multi-row statement pays off only when it is large: at 1,000 rows it took about 15 % less
   * of the writer's CPU than 1,000 single-row executions, at 250 rows more (docs/PERFORMANCE.md,
   * Write API). Smaller runs of rows go through a JDBC batch of the single-row statement.
   */
  static final int ROWS_PER_STATEMENT = 1000;

  /** SQLite's default limit on host parameters in one statement. */
  private static final int MAX_PARAMETERS = 32766;

  private MutationRunner() {}

  /**
   * What a write did.
   *
   * @param affected rows inserted, updated or deleted (rows returned when RETURNING was used)
   * @param inserted for PUT: whether the row did not exist before
   * @param location the {@code pk=eq.v} query of the first row, for {@code return=headers-only}
   */
  record Outcome(long affected, boolean inserted, String location) {}

  static Outcome run(Connection connection, StatementCache cache, MutatePlan plan, RowWriter writer)
      throws SQLException {
    return switch (plan) {
      case MutatePlan.Insert insert -> insert(connection, cache, insert, writer);
      case MutatePlan.Update update ->
          update.values().isEmpty()
              ? new Outcome(0, false, null) // PostgREST: an empty object changes nothing
              : statement(connection, SqlCompiler.update(update), writer, plan);
      case MutatePlan.Delete delete ->
          statement(connection, SqlCompiler.delete(delete), writer, plan);
    };
  }

  private static Outcome statement(
      Connection connection, SqlStatement sql, RowWriter writer, MutatePlan plan)
      throws SQLException {
    try (PreparedStatement ps = Statements.prepare(connection, sql)) {
      if (plan.returning().isEmpty()) {
        return new Outcome(ps.executeUpdate(), false, null);
      }
      long n = 0;
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          n++;
          if (writer != null) {
            writer.write(rs);
          }
        }
      }
      return new Outcome(n, false, null);
    }
  }

  private static Outcome insert(
      Connection connection, StatementCache cache, MutatePlan.Insert plan, RowWriter writer)
      throws SQLException {
    boolean inserted = false;
    if (plan.putKey() != null) {
      try (PreparedStatement ps =
              Statements.prepare(connection, SqlCompiler.exists(plan.table(), plan.putKey()));
          ResultSet rs = ps.executeQuery()) {
        inserted = rs.next() && rs.getLong(1) == 0;
      }
    }
    Map<List<Column>, PreparedStatement> statements = new HashMap<>();
    long affected = 0;
    String location = null;
    PreparedStatement pending = null; // batched rows not yet executed (no RETURNING)
    List<Column> lastColumns = null; // rows of one shape reuse its statement without a lookup
    PreparedStatement ps = null;
    try {
      List<Map<String, Object>> rows = plan.rows();
      for (int r = 0; r < rows.size(); r++) {
        Map<String, Object> row = rows.get(r);
        List<Column> columns = columnsOf(plan, row);
        int chunk = plan.returning().isEmpty() ? fullChunk(plan, rows, r, columns) : 0;
        if (chunk > 0) {
          if (pending != null) {
            affected += executeBatch(pending);
            pending = null;
          }
          affected += insertRows(connection, cache, plan, columns, rows.subList(r, r + chunk));
          r += chunk - 1;
          continue;
        }
        if (columns != lastColumns) {
          ps = statements.get(columns);
          if (ps == null) {
            SqlStatement sql =
                SqlCompiler.insert(plan.table(), columns, plan.conflict(), plan.returning());
            ps = connection.prepareStatement(sql.sql());
            statements.put(columns, ps);
            Statements.bind(ps, sql.params(), columns.size() + 1);
          }
          lastColumns = columns;
        }
        for (int i = 0; i < columns.size(); i++) {
          Statements.bind(ps, i + 1, row.get(columns.get(i).name()));
        }
        if (plan.returning().isEmpty()) {
          // Batches run the rows in one native call; flushing on a shape change keeps body order.
          if (pending != null && pending != ps) {
            affected += executeBatch(pending);
          }
          ps.addBatch();
          pending = ps;
          continue;
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            affected++;
            if (writer != null) {
              writer.write(rs);
            } else if (location == null) {
              location = location(rs, plan);
            }
          }
        }
      }
      if (pending != null) {
        affected += executeBatch(pending);
      }
    } finally {
      for (PreparedStatement prepared : statements.values()) {
        prepared.close();
      }
    }
    return new Outcome(affected, inserted, location);
  }

  private static List<Column> columnsOf(MutatePlan.Insert plan, Map<String, Object> row) {
    return plan.missingDefault()
        ? plan.columns().stream().filter(c -> row.containsKey(c.name())).toList()
        : plan.columns();
  }

  /**
   * How many rows from {@code from} on go into one multi-row statement: a full statement's worth,
   * or 0. Only when every row has the same columns ({@code Prefer: missing=default} lets them
   * differ).
   */
  private static int fullChunk(
      MutatePlan.Insert plan, List<Map<String, Object>> rows, int from, List<Column> columns) {
    if (columns.isEmpty() || plan.missingDefault()) {
      return 0;
    }
    int chunk = Math.min(ROWS_PER_STATEMENT, MAX_PARAMETERS / columns.size());
    return chunk >= ROWS_PER_STATEMENT / 2 && rows.size() - from >= chunk ? chunk : 0;
  }

  /** Inserts {@code rows} (all of {@code columns}' shape) with one cached multi-row statement. */
  private static long insertRows(
      Connection connection,
      StatementCache cache,
      MutatePlan.Insert plan,
      List<Column> columns,
      List<Map<String, Object>> rows)
      throws SQLException {
    SqlStatement sql =
        SqlCompiler.insert(plan.table(), columns, rows.size(), plan.conflict(), List.of());
    return cache.update(
        connection,
        sql.sql(),
        ps -> {
          int i = 1;
          for (Map<String, Object> row : rows) {
            for (Column column : columns) {
              Statements.bind(ps, i++, row.get(column.name()));
            }
          }
          Statements.bind(ps, sql.params(), i);
        });
  }

  private static long executeBatch(PreparedStatement ps) throws SQLException {
    long n = 0;
    for (int count : ps.executeBatch()) {
      n += Math.max(count, 0);
    }
    return n;
  }

  private static String location(ResultSet rs, MutatePlan.Insert plan) throws SQLException {
    StringBuilder q = new StringBuilder();
    for (int i = 0; i < plan.returning().size(); i++) {
      Object v = rs.getObject(i + 1);
      q.append(i > 0 ? "&" : "")
          .append(URLEncoder.encode(plan.returning().get(i).key(), StandardCharsets.UTF_8))
          .append("=eq.")
          .append(URLEncoder.encode(String.valueOf(v), StandardCharsets.UTF_8));
    }
    return q.toString();
  }
}
