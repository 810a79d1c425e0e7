package dev.sqliterest.rest;

import dev.sqliterest.rest.schema.SchemaCache;
import dev.sqliterest.rest.schema.SchemaLoader;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Holds the current {@link SchemaCache} and reloads it when {@code PRAGMA schema_version} moves, so
 * tables created by another connection or process are served without a restart. The version check
 * is one tiny statement on the connection the request already holds, prepared once per connection.
 */
final class LiveSchema {

  private final StatementCache statements;
  private volatile SchemaCache cache;

  LiveSchema(StatementCache statements) {
    this.statements = statements;
  }

  SchemaCache current(Connection connection) throws SQLException {
    SchemaCache c = cache;
    int version =
        statements.query(
            connection,
            "PRAGMA schema_version",
            List.of(),
            rs -> {
              rs.next();
              return rs.getInt(1);
            });
    if (c != null && c.version() == version) {
      return c;
    }
    SchemaCache loaded = SchemaLoader.load(connection);
    cache = loaded;
    return loaded;
  }

  /** The schema last read, or null before the first read. */
  SchemaCache latest() {
    return cache;
  }
}
