package dev.sqliterest.rest.sql;

import java.util.List;

/** SQL text with {@code ?} placeholders and the values bound to them, in order. */
public record SqlStatement(String sql, List<Object> params) {

  public SqlStatement {
    params = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(params));
  }
}
