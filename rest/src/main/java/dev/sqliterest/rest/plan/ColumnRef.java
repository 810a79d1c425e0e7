package dev.sqliterest.rest.plan;

import dev.sqliterest.rest.schema.Column;

/**
 * A validated column, optionally with a JSON path into it.
 *
 * @param column the schema column
 * @param jsonPath an SQLite JSON path ({@code $."a"[0]}), bound as a parameter; null for none
 * @param textArrow {@code ->>} (SQL value) rather than {@code ->} (JSON text)
 */
public record ColumnRef(Column column, String jsonPath, boolean textArrow) {

  public boolean hasPath() {
    return jsonPath != null;
  }
}
