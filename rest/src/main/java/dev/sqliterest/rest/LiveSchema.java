package dev.sqliterest.rest;

import dev.sqliterest.rest.schema.SchemaCache;
import dev.sqliterest.rest.schema.SchemaLoader;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Holds the current {@link SchemaCache} and reloads it when {@code PRAGMA schema_version} moves, so
 * tables created by another connection or process are served without a restart. The version check
 * is one tiny statement on the connection the request already holds.
 */
final class LiveSchema {

  private volatile SchemaCache cache;

  SchemaCache current(Connection connection) throws SQLException {
    SchemaCache c = cache;
    int version = SchemaLoader.schemaVersion(connection);
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
