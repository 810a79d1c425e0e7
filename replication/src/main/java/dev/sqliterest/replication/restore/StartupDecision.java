package dev.sqliterest.replication.restore;

/**
 * What to do with the local database before serving (docs/RESTORE.md, "Restore before serving").
 */
public sealed interface StartupDecision {

  /** Why this decision was taken, for the startup log. */
  String reason();

  /** No local database and an empty replica: create one and replicate from TXID 1. */
  record StartNew(String reason) implements StartupDecision {}

  /**
   * Serve the local database as it is (at/ahead of the replica, within the lag, or no replica
   * data).
   */
  record ServeLocal(String reason) implements StartupDecision {}

  /** Replace the local database with the replica's state. */
  record Restore(RestoreChoice choice, String reason) implements StartupDecision {}

  /** Do not start: the local database and the replica disagree, or no acceptable snapshot. */
  record Refuse(String reason) implements StartupDecision {}
}
