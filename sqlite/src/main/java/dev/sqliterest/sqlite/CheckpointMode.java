package dev.sqliterest.sqlite;

/** The modes of {@code PRAGMA wal_checkpoint}. */
public enum CheckpointMode {
  /** Backfill what no reader still needs; never waits, never restarts the WAL. */
  PASSIVE,
  /** Wait for writers, then backfill everything readers allow. */
  FULL,
  /** Like FULL, then wait for readers so the next writer restarts the WAL. */
  RESTART,
  /** Like RESTART, then truncate the WAL file to zero bytes. */
  TRUNCATE
}
