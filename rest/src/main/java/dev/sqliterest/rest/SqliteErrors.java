package dev.sqliterest.rest;

import dev.sqliterest.rest.error.ApiError;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps SQLite failures to API errors by extended result code, like PostgREST maps SQLSTATEs:
 * UNIQUE/PRIMARY KEY and FOREIGN KEY violations are 409, NOT NULL/CHECK 400, busy 503, read-only
 * 405. The driver reports the extended code as {@code [SQLITE_…]} at the start of the message and
 * SQLite's own text in the final parentheses; only JDBC's {@link SQLException} is used.
 */
final class SqliteErrors {

  private static final Pattern SHAPE =
      Pattern.compile("^\\[(SQLITE_[A-Z_]+)\\][^(]*(?:\\((.*)\\))?$", Pattern.DOTALL);

  private SqliteErrors() {}

  static ApiError map(SQLException e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    Matcher m = SHAPE.matcher(message);
    String code = m.find() ? m.group(1) : "SQLITE_ERROR";
    String text = m.matches() && m.group(2) != null ? m.group(2) : message;
    if (code.startsWith("SQLITE_CONSTRAINT")) {
      return constraint(code, text);
    }
    if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) {
      return new ApiError(503, "PGRST003", "The database is busy", text, "retry the request");
    }
    if (code.startsWith("SQLITE_READONLY")) {
      return new ApiError(
          405, "25006", "cannot execute a write on a read-only database", text, null);
    }
    if (code.equals("SQLITE_INTERRUPT")) {
      return new ApiError(504, "57014", "canceling statement due to statement timeout", text, null);
    }
    if (code.equals("SQLITE_TOOBIG")) {
      return new ApiError(413, "54000", "value too large", text, null);
    }
    if (code.equals("SQLITE_MISMATCH")) {
      return new ApiError(400, "22P02", "datatype mismatch", text, null);
    }
    if (code.equals("SQLITE_FULL")) {
      return new ApiError(507, "53100", "database or disk is full", text, null);
    }
    if (text.startsWith("regexp:")) {
      return new ApiError(400, "2201B", text.substring(7).strip(), null, null);
    }
    if (text.contains("malformed JSON")) {
      // the engine guards every value SQLite turns into JSON; only a BLOB trips the guard, and
      // inside an embed there is no Java fallback for it
      return new ApiError(
          400,
          "22P02",
          "a BLOB value cannot be rendered inside an embedded resource",
          text,
          "select BLOB columns at the top level, where they are sent as base64");
    }
    if (text.contains("bad JSON path")) {
      return new ApiError(400, "22P02", text, null, null);
    }
    if (text.contains("Expression tree is too large")
        || text.contains("too many terms")
        || text.contains("parser stack overflow")) {
      return new ApiError(
          400, "54001", "the request is too complex", text, "use fewer filter terms");
    }
    if (text.contains("too many SQL variables")) {
      return new ApiError(400, "54000", "too many values in one request", text, null);
    }
    if (text.contains("ON CONFLICT clause does not match")) {
      return new ApiError(
          400,
          "42P10",
          "there is no unique or exclusion constraint matching the ON CONFLICT specification",
          text,
          null);
    }
    return new ApiError(500, "PGRSTX00", "database error", text, null);
  }

  private static ApiError constraint(String code, String text) {
    return switch (code) {
      case "SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY", "SQLITE_CONSTRAINT_ROWID" ->
          new ApiError(409, "23505", text, code, null);
      case "SQLITE_CONSTRAINT_FOREIGNKEY" -> new ApiError(409, "23503", text, code, null);
      case "SQLITE_CONSTRAINT_NOTNULL" -> new ApiError(400, "23502", text, code, null);
      case "SQLITE_CONSTRAINT_CHECK" -> new ApiError(400, "23514", text, code, null);
      case "SQLITE_CONSTRAINT_DATATYPE" -> new ApiError(400, "22P02", text, code, null);
      case "SQLITE_CONSTRAINT_TRIGGER" -> new ApiError(400, "P0001", text, code, null);
      default -> new ApiError(400, "23000", text, code, null);
    };
  }
}
