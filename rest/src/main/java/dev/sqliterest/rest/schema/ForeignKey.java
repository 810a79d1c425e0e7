package dev.sqliterest.rest.schema;

import java.util.List;

/**
 * A foreign key: {@code table(columns)} references {@code referencedTable(referencedColumns)}.
 * SQLite does not expose constraint names, so a relationship is named by its columns.
 */
public record ForeignKey(
    String table, List<String> columns, String referencedTable, List<String> referencedColumns) {

  public ForeignKey {
    columns = List.copyOf(columns);
    referencedColumns = List.copyOf(referencedColumns);
  }
}
