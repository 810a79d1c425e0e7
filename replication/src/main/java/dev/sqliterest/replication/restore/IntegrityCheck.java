package dev.sqliterest.replication.restore;

/**
 * Which SQLite check runs on a restored database before it replaces the output, as {@code
 * litestream restore -integrity-check} does.
 */
public enum IntegrityCheck {
  NONE(null),
  QUICK("quick_check"),
  FULL("integrity_check");

  private final String pragma;

  IntegrityCheck(String pragma) {
    this.pragma = pragma;
  }

  /** The pragma name, or null for {@link #NONE}. */
  public String pragma() {
    return pragma;
  }
}
