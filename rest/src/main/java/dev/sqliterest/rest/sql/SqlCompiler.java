package dev.sqliterest.rest.sql;

import dev.sqliterest.rest.plan.MutatePlan;
import dev.sqliterest.rest.plan.Output;
import dev.sqliterest.rest.plan.ReadPlan;
import dev.sqliterest.rest.request.Preferences;
import dev.sqliterest.rest.schema.Column;
import dev.sqliterest.rest.schema.Table;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** Compiles plans into SQL statements. */
public final class SqlCompiler {

  private SqlCompiler() {}

  /** {@code SELECT <outputs> FROM t WHERE … ORDER BY … LIMIT ? OFFSET ?}. */
  public static SqlStatement select(ReadPlan plan) {
    SqlBuilder b = new SqlBuilder().append("SELECT ");
    b.outputs(plan.outputs()).append(" FROM ").ident(plan.table().name());
    b.where(plan.where(), plan.outputs()).groupBy(plan.outputs()).orderBy(plan.order());
    window(b, plan);
    return b.build();
  }

  /** Most output columns SQLite's {@code json_object} is asked to take (2 arguments each). */
  public static final int MAX_JSON_COLUMNS = 60;

  /**
   * Whether a failure of a {@link #selectJsonArray} query is its BLOB guard firing ({@code
   * json('blob')} is malformed JSON), the one failure a Java rendering of the same rows avoids.
   */
  public static boolean isBlobGuard(java.sql.SQLException e) {
    return e.getMessage() != null && e.getMessage().contains("malformed JSON");
  }

  /**
   * The whole JSON array built by SQLite, plus the row count: {@code SELECT '[' ||
   * group_concat(json_object(…)) || ']', count(*) FROM (SELECT … ORDER BY … LIMIT …)}. The
   * subquery's ORDER BY keeps row order (SQLite does not flatten an ordered subquery into an
   * aggregate). Only for plans with at most {@link #MAX_JSON_COLUMNS} outputs.
   */
  public static SqlStatement selectJsonArray(ReadPlan plan) {
    return selectJsonArray(plan, "");
  }

  /**
   * {@link #selectJsonArray} with a third column: the schema version ({@code PRAGMA
   * schema_version}) the statement read under, in the same snapshot as the rows. A reader planned
   * with a cached schema learns from it whether the plan still matched, without a statement (and a
   * read transaction) of its own.
   */
  public static SqlStatement selectJsonArrayWithSchemaVersion(ReadPlan plan) {
    return selectJsonArray(plan, SCHEMA_VERSION_COLUMN);
  }

  private static final String SCHEMA_VERSION_COLUMN =
      ", (SELECT schema_version FROM pragma_schema_version)";

  private static SqlStatement selectJsonArray(ReadPlan plan, String extraColumn) {
    if (windowsBeforeJson(plan)) {
      return selectJsonArrayOfWindow(plan, extraColumn);
    }
    SqlBuilder b = new SqlBuilder();
    b.append("SELECT '[' || coalesce(group_concat(j, ','), '') || ']', count(*)")
        .append(extraColumn)
        .append(" FROM (SELECT ");
    b.jsonObject(plan.outputs()).append(" AS j FROM ").ident(plan.table().name());
    b.where(plan.where(), plan.outputs()).groupBy(plan.outputs()).orderBy(plan.order());
    window(b, plan);
    return b.append(")").build();
  }

  /**
   * Whether the JSON of a sorted page can be built after the sort: SQLite computes every result
   * column of every row it sorts, so {@code json_object} inside an {@code ORDER BY … LIMIT 20} runs
   * for each of the rows that match, not for the 20 kept (a page of 20 out of ~100 matching rows:
   * about a fifth less SQLite time). Only plain column outputs qualify: the outer query then reads
   * the same columns, by name, from the sorted subquery.
   */
  private static boolean windowsBeforeJson(ReadPlan plan) {
    return !plan.order().isEmpty()
        && plan.limit().isPresent()
        && plan.outputs().stream()
            .allMatch(o -> o.embed() == null && o.aggregate() == null && o.ref() != null);
  }

  /**
   * {@code SELECT '[' || group_concat(json_object(…)) || ']', count(*) FROM (SELECT "c1", "c2" FROM
   * t WHERE … ORDER BY … LIMIT …)}: the outputs are evaluated on the page's rows only.
   */
  private static SqlStatement selectJsonArrayOfWindow(ReadPlan plan, String extraColumn) {
    SqlBuilder b = new SqlBuilder().append("SELECT '[' || coalesce(group_concat(");
    b.jsonObject(plan.outputs()).append(", ','), '') || ']', count(*)");
    b.append(extraColumn).append(" FROM (SELECT ");
    String separator = "";
    for (String column :
        new LinkedHashSet<>(plan.outputs().stream().map(o -> o.ref().column().name()).toList())) {
      b.append(separator).ident(column);
      separator = ", ";
    }
    b.append(" FROM ").ident(plan.table().name());
    b.where(plan.where(), plan.outputs()).orderBy(plan.order());
    window(b, plan);
    return b.append(")").build();
  }

  private static void window(SqlBuilder b, ReadPlan plan) {
    if (plan.limit().isPresent() || plan.offset() > 0) {
      b.append(" LIMIT ").param(plan.limit().isPresent() ? plan.limit().getAsLong() : -1L);
      if (plan.offset() > 0) {
        b.append(" OFFSET ").param(plan.offset());
      }
    }
  }

  /**
   * {@code SELECT count(*) FROM t WHERE …}: the total for {@code Prefer: count=exact}. With
   * aggregates it counts the groups: {@code SELECT count(*) FROM (SELECT count(*) FROM t WHERE …
   * GROUP BY …)}, one row per group (one in all when nothing is grouped by).
   */
  public static SqlStatement count(ReadPlan plan) {
    if (Output.grouped(plan.outputs())) {
      SqlBuilder b =
          new SqlBuilder()
              .append("SELECT count(*) FROM (SELECT count(*) FROM ")
              .ident(plan.table().name());
      return b.where(plan.where(), plan.outputs()).groupBy(plan.outputs()).append(")").build();
    }
    SqlBuilder b = new SqlBuilder().append("SELECT count(*) FROM ").ident(plan.table().name());
    return b.where(plan.where(), plan.outputs()).build();
  }

  /**
   * {@code SELECT count(*) FROM (<the select>)}: how many rows the read returns, limit and offset
   * applied (the row count of a HEAD, and of a streamed body before it is written).
   */
  public static SqlStatement countRows(ReadPlan plan) {
    SqlStatement select = select(plan);
    return new SqlStatement("SELECT count(*) FROM (" + select.sql() + ")", select.params());
  }

  /**
   * {@code INSERT INTO t (cols) VALUES (?, …) [ON CONFLICT …] [RETURNING …]} for one row shape. The
   * row values are bound first, at positions 1..{@code columns.size()}; the statement's own params
   * (JSON paths in RETURNING) follow.
   */
  public static SqlStatement insert(
      Table table, List<Column> columns, MutatePlan.Conflict conflict, List<Output> returning) {
    return insert(table, columns, 1, conflict, returning);
  }

  /**
   * The same with {@code rows} value lists ({@code VALUES (?, …), (?, …)}), bound row after row;
   * {@code columns} must not be empty when {@code rows > 1}.
   */
  public static SqlStatement insert(
      Table table,
      List<Column> columns,
      int rows,
      MutatePlan.Conflict conflict,
      List<Output> returning) {
    SqlBuilder b = new SqlBuilder().append("INSERT INTO ").ident(table.name());
    if (columns.isEmpty()) {
      b.append(" DEFAULT VALUES");
    } else {
      b.append(" (");
      for (int i = 0; i < columns.size(); i++) {
        b.append(i > 0 ? ", " : "").ident(columns.get(i).name());
      }
      String values = "(" + "?, ".repeat(columns.size() - 1) + "?)";
      b.append(") VALUES ").append(values);
      for (int r = 1; r < rows; r++) {
        b.append(", ").append(values);
      }
      if (conflict != null) {
        conflictClause(b, columns, conflict);
      }
    }
    return returning(b, returning).build();
  }

  private static void conflictClause(
      SqlBuilder b, List<Column> columns, MutatePlan.Conflict conflict) {
    b.append(" ON CONFLICT (");
    for (int i = 0; i < conflict.target().size(); i++) {
      b.append(i > 0 ? ", " : "").ident(conflict.target().get(i));
    }
    b.append(")");
    List<Column> updated =
        columns.stream().filter(c -> !conflict.target().contains(c.name())).toList();
    if (conflict.resolution() == Preferences.Resolution.IGNORE_DUPLICATES || updated.isEmpty()) {
      b.append(" DO NOTHING");
      return;
    }
    b.append(" DO UPDATE SET ");
    for (int i = 0; i < updated.size(); i++) {
      String name = updated.get(i).name();
      b.append(i > 0 ? ", " : "").ident(name).append(" = excluded.").ident(name);
    }
  }

  /** {@code UPDATE t SET c = ?, … WHERE … [RETURNING …]}. */
  public static SqlStatement update(MutatePlan.Update plan) {
    SqlBuilder b = new SqlBuilder().append("UPDATE ").ident(plan.table().name()).append(" SET ");
    int i = 0;
    for (Map.Entry<Column, Object> e : plan.values().entrySet()) {
      b.append(i++ > 0 ? ", " : "").ident(e.getKey().name()).append(" = ").param(e.getValue());
    }
    b.where(plan.where());
    return returning(b, plan.returning()).build();
  }

  /** {@code DELETE FROM t WHERE … [RETURNING …]}. */
  public static SqlStatement delete(MutatePlan.Delete plan) {
    SqlBuilder b = new SqlBuilder().append("DELETE FROM ").ident(plan.table().name());
    b.where(plan.where());
    return returning(b, plan.returning()).build();
  }

  /** {@code SELECT count(*) FROM t WHERE k1 = ? AND …}: does the PUT target row exist. */
  public static SqlStatement exists(Table table, Map<String, String> key) {
    SqlBuilder b =
        new SqlBuilder().append("SELECT count(*) FROM ").ident(table.name()).append(" WHERE ");
    int i = 0;
    for (Map.Entry<String, String> e : key.entrySet()) {
      b.append(i++ > 0 ? " AND " : "").ident(e.getKey()).append(" = ").param(e.getValue());
    }
    return b.build();
  }

  private static SqlBuilder returning(SqlBuilder b, List<Output> returning) {
    if (!returning.isEmpty()) {
      b.append(" RETURNING ").outputs(returning);
    }
    return b;
  }
}
