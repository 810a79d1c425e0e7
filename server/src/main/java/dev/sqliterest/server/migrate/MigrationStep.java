package dev.sqliterest.server.migrate;

import java.time.Duration;

/**
 * One migration that ran: {@code migration} in {@code direction}, leaving the database at {@code
 * targetVersion} ({@link SchemaVersion#NIL} after rolling back the first one).
 *
 * @param ranFile false when the direction had no file, so only the version moved
 */
public record MigrationStep(
    Migration migration, Direction direction, long targetVersion, boolean ranFile, Duration took) {

  @Override
  public String toString() {
    String what =
        migration.name() + " (" + direction.name().toLowerCase(java.util.Locale.ROOT) + ")";
    return ranFile
        ? "applied " + what + " in " + took.toMillis() + " ms"
        : "no "
            + direction.name().toLowerCase(java.util.Locale.ROOT)
            + " file for "
            + migration.name()
            + "; only the version moved";
  }
}
