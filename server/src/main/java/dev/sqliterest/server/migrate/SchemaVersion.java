package dev.sqliterest.server.migrate;

/**
 * The row of {@code __sqlite_rest_migrations}: the last applied version and whether a migration to
 * it failed half-way ({@code dirty}). {@link #NONE} is golang-migrate's nil version (-1).
 */
public record SchemaVersion(long version, boolean dirty) {

  public static final long NIL = -1;
  public static final SchemaVersion NONE = new SchemaVersion(NIL, false);

  public boolean isNone() {
    return version == NIL;
  }

  @Override
  public String toString() {
    String v = isNone() ? "none" : Long.toString(version);
    return dirty ? v + " (dirty)" : v;
  }
}
