package dev.sqliterest.rest.sql;

/** The one identifier-quoting function. */
public final class Sql {

  private Sql() {}

  /**
   * Double-quotes an identifier, doubling embedded quotes (SQL standard, as SQLite documents).
   * Callers pass only names already found in the schema cache; this makes even a hostile name
   * inert. NUL cannot be represented and is rejected.
   */
  public static String quoteIdent(String name) {
    if (name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("identifier contains NUL");
    }
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }
}
