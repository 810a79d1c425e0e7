package dev.sqliterest.sqlite;

import java.sql.Connection;
import java.sql.SQLException;

/** A unit of work run on a borrowed connection. */
@FunctionalInterface
public interface SqlWork<T> {
  T run(Connection connection) throws SQLException;
}
