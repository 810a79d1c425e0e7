package dev.sqliterest.rest.openapi;

import dev.sqliterest.rest.schema.Column;
import dev.sqliterest.rest.schema.ForeignKey;
import dev.sqliterest.rest.schema.Table;
import java.util.List;

/**
 * A table or view as one caller sees it.
 *
 * @param table the table or view
 * @param columns the columns the caller may read, in declaration order
 * @param foreignKeys the foreign keys whose columns the caller may read, to tables it may read
 * @param insert the caller may insert rows (POST)
 * @param update the caller may update rows (PATCH)
 * @param delete the caller may delete rows (DELETE)
 */
public record Resource(
    Table table,
    List<Column> columns,
    List<ForeignKey> foreignKeys,
    boolean insert,
    boolean update,
    boolean delete) {

  public Resource {
    columns = List.copyOf(columns);
    foreignKeys = List.copyOf(foreignKeys);
  }

  /** PUT replaces one row by primary key: it needs one, and both insert and update. */
  boolean put() {
    return insert && update && !table.primaryKey().isEmpty();
  }
}
