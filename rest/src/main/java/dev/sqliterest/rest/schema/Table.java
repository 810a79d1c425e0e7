package dev.sqliterest.rest.schema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A table or view as the API sees it.
 *
 * @param name table name
 * @param view whether it is a view
 * @param columns columns in declaration order
 * @param primaryKey primary-key column names in key order (empty for none)
 * @param uniqueKeys column sets of non-partial UNIQUE indexes and the primary key
 * @param updatable whether writes make sense (a table, or a view with INSTEAD OF triggers)
 * @param foreignKeys this table's foreign keys (empty for views)
 * @param fullText an FTS5 virtual table, whose columns take the full-text operators
 */
public record Table(
    String name,
    boolean view,
    List<Column> columns,
    List<String> primaryKey,
    List<Set<String>> uniqueKeys,
    boolean updatable,
    List<ForeignKey> foreignKeys,
    boolean fullText) {

  public Table {
    columns = List.copyOf(columns);
    primaryKey = List.copyOf(primaryKey);
    uniqueKeys = List.copyOf(uniqueKeys);
    foreignKeys = List.copyOf(foreignKeys);
  }

  /** A table without foreign keys. */
  public Table(
      String name,
      boolean view,
      List<Column> columns,
      List<String> primaryKey,
      List<Set<String>> uniqueKeys,
      boolean updatable) {
    this(name, view, columns, primaryKey, uniqueKeys, updatable, List.of(), false);
  }

  public Optional<Column> column(String columnName) {
    for (Column c : columns) {
      if (c.name().equals(columnName)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /** Columns by name (a fresh map; tables are small). */
  public Map<String, Column> columnsByName() {
    Map<String, Column> byName = new LinkedHashMap<>();
    columns.forEach(c -> byName.put(c.name(), c));
    return byName;
  }
}
