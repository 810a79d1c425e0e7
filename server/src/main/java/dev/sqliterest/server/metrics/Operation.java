package dev.sqliterest.server.metrics;

import java.util.Locale;
import java.util.Optional;

/** The {@code operation} label of the request metrics, with sqlite-rest's values. */
public enum Operation {
  QUERY_TABLE_OR_VIEW("queryTableOrView"),
  INSERT_TABLE("insertTable"),
  UPDATE_TABLE("updateTable"),
  UPDATE_SINGLE_ENTITY("updateSingleEntity"),
  DELETE_TABLE("deleteTable"),
  /** {@code /rpc/…}; sqlite-rest has no routines, so this value is ours. */
  CALL_ROUTINE("callRoutine");

  private final String label;

  Operation(String label) {
    this.label = label;
  }

  /** The label value, e.g. {@code queryTableOrView}. */
  public String label() {
    return label;
  }

  /**
   * The operation of a table request by HTTP method (GET/HEAD read, PUT is the single-entity
   * update).
   */
  public static Optional<Operation> forTableMethod(String method) {
    return switch (method.toUpperCase(Locale.ROOT)) {
      case "GET", "HEAD" -> Optional.of(QUERY_TABLE_OR_VIEW);
      case "POST" -> Optional.of(INSERT_TABLE);
      case "PATCH" -> Optional.of(UPDATE_TABLE);
      case "PUT" -> Optional.of(UPDATE_SINGLE_ENTITY);
      case "DELETE" -> Optional.of(DELETE_TABLE);
      default -> Optional.empty();
    };
  }
}
