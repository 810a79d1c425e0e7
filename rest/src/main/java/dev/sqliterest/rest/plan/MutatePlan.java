package dev.sqliterest.rest.plan;

import dev.sqliterest.rest.request.Preferences;
import dev.sqliterest.rest.schema.Column;
import dev.sqliterest.rest.schema.Table;
import java.util.List;
import java.util.Map;

/** A resolved write. {@code returning} lists the columns the statement must give back. */
public sealed interface MutatePlan {

  Table table();

  List<Output> returning();

  /**
   * INSERT of {@code rows}, optionally as an upsert.
   *
   * @param columns the columns written (validated); a row missing one gets NULL, or the column
   *     default when {@code missingDefault}
   * @param conflict the upsert clause, or null for a plain insert
   * @param putKey for PUT, the primary-key values from the URL (null otherwise)
   */
  record Insert(
      Table table,
      List<Column> columns,
      List<Map<String, Object>> rows,
      boolean missingDefault,
      Conflict conflict,
      List<Output> returning,
      Map<String, String> putKey)
      implements MutatePlan {}

  /** {@code ON CONFLICT (target) DO UPDATE/NOTHING}. */
  record Conflict(Preferences.Resolution resolution, List<String> target) {}

  /** UPDATE of the rows matching {@code where}, setting {@code values} (column order kept). */
  record Update(
      Table table, Map<Column, Object> values, List<Predicate> where, List<Output> returning)
      implements MutatePlan {}

  /** DELETE of the rows matching {@code where}. */
  record Delete(Table table, List<Predicate> where, List<Output> returning) implements MutatePlan {}
}
