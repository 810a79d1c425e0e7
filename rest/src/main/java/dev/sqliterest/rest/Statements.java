package dev.sqliterest.rest;

import dev.sqliterest.rest.sql.SqlStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** Prepares a compiled statement and binds its parameters by their Java type. */
final class Statements {

  private Statements() {}

  static PreparedStatement prepare(Connection connection, SqlStatement statement)
      throws SQLException {
    PreparedStatement ps = connection.prepareStatement(statement.sql());
    try {
      bind(ps, statement.params(), 1);
    } catch (SQLException | RuntimeException e) {
      ps.close();
      throw e;
    }
    return ps;
  }

  static void bind(PreparedStatement ps, List<Object> params, int first) throws SQLException {
    int i = first;
    for (Object p : params) {
      bind(ps, i++, p);
    }
  }

  static void bind(PreparedStatement ps, int index, Object value) throws SQLException {
    switch (value) {
      case null -> ps.setNull(index, java.sql.Types.NULL);
      case Long l -> ps.setLong(index, l);
      case Integer n -> ps.setInt(index, n);
      case Double d -> ps.setDouble(index, d);
      case String s -> ps.setString(index, s);
      case byte[] b -> ps.setBytes(index, b);
      default -> ps.setString(index, value.toString());
    }
  }
}
