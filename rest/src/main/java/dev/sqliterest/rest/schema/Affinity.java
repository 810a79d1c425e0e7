package dev.sqliterest.rest.schema;

import java.util.Locale;

/**
 * SQLite column affinity, derived from the declared type by the rules of
 * https://www.sqlite.org/datatype3.html#determination_of_column_affinity.
 */
public enum Affinity {
  INTEGER,
  TEXT,
  BLOB,
  REAL,
  NUMERIC;

  /** Applies SQLite's five rules in order; an empty declared type has BLOB ("none") affinity. */
  public static Affinity of(String declaredType) {
    String t = declaredType == null ? "" : declaredType.toUpperCase(Locale.ROOT);
    if (t.contains("INT")) {
      return INTEGER;
    }
    if (t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT")) {
      return TEXT;
    }
    if (t.isEmpty() || t.contains("BLOB")) {
      return BLOB;
    }
    if (t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB")) {
      return REAL;
    }
    return NUMERIC;
  }

  /** Whether SQLite converts a bound text operand to a number when comparing with this column. */
  public boolean numericComparison() {
    return this == INTEGER || this == REAL || this == NUMERIC;
  }
}
